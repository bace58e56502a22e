import { EventType } from '../../../src/kit';
import { evaluateEvent } from '../../../src/engine/game/evaluate-event';
import type { IdentifiedEvent } from '../../../src/engine/game/evaluation';
import { changeTimeZone, excuseStreakPeriods } from '../../../src/engine/game/member-inputs';
import { periodOrdinal } from '../../../src/engine/calendar/member-calendar';
import { foldStreak } from '../../../src/engine/streaks/fold-streak';
import { eventAt, freshState, gameFrom, play, steps } from './game-fixture';

const game = gameFrom(`
levels: [0, 1000]
rules:
  - id: steps-points
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    points: { field: data.value, per: 1000, max: 50 }
    limit: { points: 50, per: day }
  - { id: login, event: DAILY_LOGIN, points: 10 }
boosts:
  - { key: heart-month, title: Heart Month, multiplier: 2, from: 2027-02-01T00:00:00Z, until: 2027-03-01T00:00:00Z, rules: [steps-points] }
  - { key: launch-week, title: Launch Week, multiplier: 1.5, from: 2027-02-08T00:00:00Z, until: 2027-02-15T00:00:00Z, journeys: [health] }
achievements:
  - key: weekly-70k
    title: 70k Week
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    goal: { sum: data.value, atLeast: 70000, per: week }
    repeat: true
    points: 100
  - key: sleep-5
    title: Sleep 5 nights
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: SLEEP }
    goal: { days: 5, per: week }
    points: 40
  - key: step-ladder
    title: Step Ladder
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gte: 10000 } }
    tiers:
      - { name: Bronze, count: 2, points: 20 }
      - { name: Silver, count: 3, points: 50 }
  - { key: month-of-moving, title: Month of Moving, streak: { key: daily-move, length: 5 }, points: 30 }
streaks:
  - key: daily-move
    title: Daily Move
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gte: 5000 } }
    per: day
    freezes: { initial: 1, max: 3, earnEvery: 7 }
    milestones:
      - { length: 3, points: 15 }
`);

const walk = (timestamp: string, value = 6000) => eventAt(EventType.HEALTH_METRIC_RECORDED, timestamp, { data: steps(value) });
const sleep = (timestamp: string) => eventAt(EventType.HEALTH_METRIC_RECORDED, timestamp, { data: { metricType: 'SLEEP', value: 8, unit: 'hours' } as never });
const days = (from: string, count: number, skip: number[] = []) =>
  Array.from({ length: count }, (_, index) => index)
    .filter((index) => !skip.includes(index))
    .map((index) => new Date(Date.parse(`${from}T12:00:00Z`) + index * 86_400_000).toISOString());
const ruleAward = (evaluation: { awards: { sourceType: string; sourceKey: string; points: number; basePoints?: number; boosts?: string[] }[] }) =>
  evaluation.awards.find((award) => award.sourceType === 'rule' && award.sourceKey === 'steps-points');
const streakOf = (state: ReturnType<typeof freshState>) => foldStreak(state.streaks.get('daily-move')!, game.streakByKey.get('daily-move')!.freezes);

describe('points formulas, caps by points and boosts', () => {
  it.each([
    ['below one unit', 999, 0],
    ['exactly one unit', 1000, 1],
    ['rounded down', 12_999, 12],
    ['at most max', 80_000, 50],
  ])('should pay floor(value / per) for %s', (_name, value, points) => {
    expect(ruleAward(play(game, [walk('2027-01-10T08:00:00Z', value)]).last)?.points ?? 0).toBe(points);
  });

  it.each([
    ['just before the window', '2027-01-31T23:59:59Z', 10, []],
    ['at its start', '2027-02-01T00:00:00Z', 20, ['heart-month']],
    ['stacked with a journey boost (2 × 1.5)', '2027-02-10T10:00:00Z', 30, ['heart-month', 'launch-week']],
    ['at its exclusive end', '2027-03-01T00:00:00Z', 10, []],
  ])('should multiply a rule %s and record base points and boosts', (_name, timestamp, points, boosts) => {
    const award = ruleAward(play(game, [walk(timestamp, 10_000)]).last)!;
    expect(award.points).toBe(points);
    expect(award.boosts ?? []).toEqual(boosts);
    if (boosts.length > 0) expect(award.basePoints).toBe(10);
  });

  it('should not boost rules a boost does not cover', () => {
    const { last } = play(game, [eventAt(EventType.DAILY_LOGIN, '2027-02-03T10:00:00Z')]);
    expect(last.awards).toEqual([{ sourceType: 'rule', sourceKey: 'login', points: 10 }]);
  });

  it('should clip a boosted award to what the points cap leaves in the period (30 left, 60 earned: 30)', () => {
    const { evaluations } = play(game, [walk('2027-02-02T08:00:00Z', 10_000), walk('2027-02-02T09:00:00Z', 30_000), walk('2027-02-02T10:00:00Z', 30_000), walk('2027-02-03T08:00:00Z', 30_000)]);
    expect(evaluations.map((evaluation) => ruleAward(evaluation)?.points ?? 0)).toEqual([20, 30, 0, 50]);
  });
});

describe('goals', () => {
  it('should unlock a sum goal exactly at its threshold, once per week when repeatable', () => {
    const { evaluations, state } = play(game, [
      walk('2027-01-04T08:00:00Z', 69_999), // Monday of ISO week 1
      walk('2027-01-05T08:00:00Z', 1),
      walk('2027-01-06T08:00:00Z', 50_000),
      walk('2027-01-11T08:00:00Z', 70_000), // next week
    ]);
    const unlocks = evaluations.map((evaluation) => evaluation.unlocked.filter((u) => u.achievement.key === 'weekly-70k').length);
    expect(unlocks).toEqual([0, 1, 0, 1]);
    expect(state.achievements.get('weekly-70k')).toMatchObject({ timesEarned: 2, progress: 70_000 });
  });

  it('should sum fractional readings exactly and report progress in whole units', () => {
    const { evaluations, state } = play(game, [walk('2027-01-04T08:00:00Z', 34_999.75), walk('2027-01-05T08:00:00Z', 35_000.25)]);
    expect(evaluations[1].unlocked.map((u) => u.achievement.key)).toContain('weekly-70k');
    expect(state.achievements.get('weekly-70k')).toMatchObject({ progress: 70_000 });
  });

  it("should measure the week in the member's zone, where it may have started before UTC's", () => {
    // Sunday 2027-01-10 20:00 UTC is already Monday (week 2) in Tokyo.
    const state = freshState(game);
    state.timeZone = 'Asia/Tokyo';
    const { evaluations } = play(game, [walk('2027-01-08T08:00:00Z', 40_000), walk('2027-01-10T20:00:00Z', 30_000), walk('2027-01-11T08:00:00Z', 40_000)], 'UTC', state);
    expect(evaluations.map((evaluation) => evaluation.unlocked.some((u) => u.achievement.key === 'weekly-70k'))).toEqual([false, false, true]);
  });

  it('should count distinct days for a days goal, once', () => {
    const nights = [...days('2027-01-04', 4), days('2027-01-04', 1)[0], days('2027-01-04', 5)[4], days('2027-01-04', 7)[6]];
    const { evaluations } = play(game, nights.map(sleep));
    expect(evaluations.map((evaluation) => evaluation.unlocked.map((u) => u.achievement.key))).toEqual([[], [], [], [], [], ['sleep-5'], []]);
  });

  it("should let a late event count towards its own week's goal", () => {
    const state = freshState(game);
    play(game, [walk('2027-01-04T08:00:00Z', 60_000), walk('2027-01-12T08:00:00Z', 1000)], 'UTC', state);
    const late = evaluateEvent(state, walk('2027-01-07T08:00:00Z', 10_000), game, { timeZone: 'UTC', now: new Date('2027-01-12T09:00:00Z') });
    expect(late.unlocked.map((u) => u.achievement.key)).toContain('weekly-70k');
  });

  it('should not change a goal period that is over by an event older than the grace', () => {
    const state = freshState(game);
    const late = evaluateEvent(state, walk('2027-01-04T08:00:00Z', 80_000), game, { timeZone: 'UTC', now: new Date('2027-01-20T09:00:00Z') });
    expect(late.unlocked).toEqual([]);
    expect(ruleAward(late)?.points).toBe(50);
  });
});

describe('tiers', () => {
  it('should unlock tier by tier, each with its own points', () => {
    const { evaluations, state } = play(game, days('2027-01-04', 4).map((day) => walk(day, 12_000)));
    const tiers = evaluations.map((evaluation) => evaluation.unlocked.filter((u) => u.achievement.key === 'step-ladder').map((u) => [u.tier, u.points]));
    expect(tiers).toEqual([[], [['Bronze', 20]], [['Silver', 50]], []]);
    expect(state.achievements.get('step-ladder')).toMatchObject({ progress: 3, timesEarned: 2 });
  });
});

describe('named streaks', () => {
  it('should use a held freeze for a missed day, not add it to the length, and earn one back', () => {
    // 7 active days, a missed day (frozen), 6 more: current 13; at 7 of the run a freeze is earned back.
    const { state, evaluations } = play(game, days('2027-01-01', 14, [7]).map((day) => walk(day)));
    const run = streakOf(state);
    expect(run).toMatchObject({ current: 13, longest: 13, freezesHeld: 1, frozen: [periodOrdinal(new Date('2027-01-08T12:00:00Z'), 'day', 'UTC')] });
    expect(evaluations[7].streakUpdates[0].changes).toEqual(['freeze-used', 'extended']);
  });

  it('should break when no freeze is held, and count again from 1', () => {
    const { state, evaluations } = play(game, days('2027-01-01', 9, [2, 3, 5, 6]).map((day) => walk(day)));
    // days 0,1 | 2,3 missed (one frozen, one breaks) | 4 | 5,6 missed | 7,8
    expect(streakOf(state)).toMatchObject({ current: 2, longest: 2, breaks: 2 });
    expect(evaluations[2].streakUpdates[0].changes).toEqual(['freeze-used', 'broken', 'extended']);
  });

  it("should let a late event mend yesterday's gap", () => {
    const state = freshState(game);
    play(game, [walk('2027-01-01T12:00:00Z'), walk('2027-01-02T12:00:00Z'), walk('2027-01-04T12:00:00Z'), walk('2027-01-05T12:00:00Z')], 'UTC', state);
    expect(streakOf(state)).toMatchObject({ current: 4, freezesHeld: 0 }); // the freeze covered the 3rd
    const mend = evaluateEvent(state, walk('2027-01-03T12:00:00Z'), game, { timeZone: 'UTC', now: new Date('2027-01-05T13:00:00Z') });
    expect(streakOf(state)).toMatchObject({ current: 5, freezesHeld: 1, frozen: [] });
    expect(mend.unlocked.map((u) => u.achievement.key)).toEqual(['month-of-moving']);
  });

  it('should award a milestone once per run', () => {
    const { evaluations } = play(game, days('2027-01-01', 12, [4, 5]).map((day) => walk(day)));
    const milestones = evaluations.flatMap((evaluation) => evaluation.awards.filter((award) => award.sourceType === 'streak').map((award) => award.sourceKey));
    expect(milestones).toEqual(['daily-move:3', 'daily-move:3']);
  });

  it('should restore a streak broken inside an excused range', () => {
    const state = freshState(game);
    play(game, days('2027-01-01', 10, [3, 4, 5]).map((day) => walk(day)), 'UTC', state);
    expect(streakOf(state)).toMatchObject({ current: 4, breaks: 1 });
    const ordinal = (day: string) => periodOrdinal(new Date(`${day}T12:00:00Z`), 'day', 'UTC');
    const update = excuseStreakPeriods(state, game.streakByKey.get('daily-move')!, ordinal('2027-01-04'), ordinal('2027-01-06'), new Date('2027-01-10T13:00:00Z'), 'UTC');
    // Restored to 7 (the excused days do not count), the freeze given back and one more earned at 7.
    expect(update?.after).toMatchObject({ current: 7, breaks: 0, freezesHeld: 2 });
    expect(update?.after.excused).toEqual([ordinal('2027-01-04'), ordinal('2027-01-05'), ordinal('2027-01-06')]);
  });

  it('should not count a calendar day twice when the member flies west across midnight', () => {
    const state = freshState(game);
    state.timeZone = 'Europe/Berlin';
    // 00:30 Tuesday in Berlin (UTC+1): Tuesday counted.
    play(game, [walk('2027-01-04T12:00:00Z'), walk('2027-01-04T23:30:00Z')], 'UTC', state);
    changeTimeZone(state, 'America/New_York', new Date('2027-01-04T23:40:00Z'), game, 'UTC');
    // 18:50 Monday in New York: still Tuesday for this member (never an earlier day than reached).
    play(game, [walk('2027-01-04T23:50:00Z')], 'UTC', state);
    expect(streakOf(state)).toMatchObject({ current: 2 });
    // Wednesday in New York: the next day.
    play(game, [walk('2027-01-06T15:00:00Z')], 'UTC', state);
    expect(streakOf(state)).toMatchObject({ current: 3 });
  });

  it('should not lose a day when the member flies east across midnight', () => {
    const state = freshState(game);
    state.timeZone = 'Pacific/Honolulu'; // UTC-10
    play(game, [walk('2027-01-04T20:00:00Z')], 'UTC', state); // Monday 10:00 in Honolulu
    // At 2027-01-05T09:30Z it is Monday 23:30 in Honolulu and Tuesday 23:30 in Kiritimati (UTC+14):
    // the member's Tuesday lasts 30 minutes, so it is excused rather than missed.
    changeTimeZone(state, 'Pacific/Kiritimati', new Date('2027-01-05T09:30:00Z'), game, 'UTC');
    play(game, [walk('2027-01-05T10:00:00Z')], 'UTC', state); // Wednesday in Kiritimati
    expect(streakOf(state)).toMatchObject({ current: 2, freezesHeld: 1, excused: [periodOrdinal(new Date('2027-01-05T12:00:00Z'), 'day', 'UTC')] });
  });

  it('should reach the same final state whatever order the events arrive in', () => {
    const events = [...days('2027-01-01', 10, [4]).map((day) => walk(day, 9000)), ...days('2027-01-02', 6).map(sleep)];
    const now = new Date('2027-01-11T00:00:00Z');
    const finalState = (ordered: IdentifiedEvent[]) => {
      const state = freshState(game);
      for (const event of ordered) evaluateEvent(state, event, game, { timeZone: 'UTC', now });
      return {
        totalPoints: state.totalPoints,
        streak: streakOf(state),
        achievements: Object.fromEntries([...state.achievements].map(([key, p]) => [key, { unlocked: p.unlockedAt !== null, timesEarned: p.timesEarned, progress: p.progress }])),
        goal: state.achievements.get('weekly-70k')?.goal?.map(({ period, value, reached }) => ({ period, value, reached })),
      };
    };
    const expected = finalState(events);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 20; round += 1) {
      const shuffled = [...events].sort(() => random() - 0.5);
      expect(finalState(shuffled)).toEqual(expected);
    }
  });
});
