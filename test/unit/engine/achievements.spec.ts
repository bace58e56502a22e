import { EventType } from '../../../src/kit';
import { eventAt, gameFrom, play, steps } from './game-fixture';

const game = gameFrom(`
levels: [0, 50]
achievements:
  - { key: first, title: First, event: HEALTH_METRIC_RECORDED, points: 10 }
  - { key: five-walks, title: Five walks, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, count: 5, points: 40, prerequisites: [first] }
  - { key: needs-five, title: After five, event: HEALTH_METRIC_RECORDED, prerequisites: [five-walks] }
  - key: summer
    title: Summer
    event: DAILY_LOGIN
    activeFrom: 2026-06-01T00:00:00Z
    activeUntil: 2026-09-01T00:00:00Z
  - { key: login-streak, title: Three in a row, event: DAILY_LOGIN, streak: { days: 3 }, points: 30 }
  - { key: zero-bonus, title: No bonus, event: FEATURE_USED }
`);

const unlockedKeys = (evaluation: { unlocked: { achievement: { key: string } }[] }) => evaluation.unlocked.map((unlock) => unlock.achievement.key);

describe('achievements', () => {
  it('should unlock a count-1 achievement on the first matching event and add its bonus to pointsAwarded', () => {
    const { last, state } = play(game, [eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-03-01T10:00:00Z', { data: steps(10) })]);
    expect(unlockedKeys(last)).toEqual(['first']);
    expect(last.pointsAwarded).toBe(10);
    expect(last.awards).toEqual([{ sourceType: 'achievement', sourceKey: 'first', points: 10 }]);
    expect(state.achievements.get('first')?.unlockedAt?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('should unlock exactly once', () => {
    const events = [1, 2, 3].map((day) => eventAt(EventType.HEALTH_METRIC_RECORDED, `2026-03-0${day}T10:00:00Z`, { data: { metricType: 'WEIGHT', value: 70, unit: 'kg' } as never }));
    const { evaluations } = play(game, events);
    expect(evaluations.map(unlockedKeys)).toEqual([['first'], [], []]);
  });

  it('should count towards a dependent achievement in the same event that unlocks its prerequisite', () => {
    const events = [1, 2, 3, 4, 5].map((day) => eventAt(EventType.HEALTH_METRIC_RECORDED, `2026-03-0${day}T10:00:00Z`, { data: steps(100) }));
    const { evaluations, state } = play(game, events);
    // The fifth walk unlocks "five-walks", and so also counts as the first event of "needs-five".
    expect(evaluations.map(unlockedKeys)).toEqual([['first'], [], [], [], ['five-walks', 'needs-five']]);
    expect(evaluations[4].pointsAwarded).toBe(40);
    expect(state.achievements.get('needs-five')?.progress).toBe(1);
  });

  it('should not count events while a prerequisite is still locked', () => {
    const { state } = play(game, [eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-03-01T10:00:00Z', { data: steps(100) })]);
    // "needs-five" requires "five-walks", which is locked: no progress recorded.
    expect(state.achievements.get('needs-five')).toBeUndefined();
    expect(state.achievements.get('five-walks')?.progress).toBe(1);
  });

  it.each([
    ['before the window opens', '2026-05-31T23:59:59Z', []],
    ['on the first instant of the window', '2026-06-01T00:00:00Z', ['summer']],
    ['inside the window', '2026-07-15T12:00:00Z', ['summer']],
    ['on the closing instant (exclusive)', '2026-09-01T00:00:00Z', []],
  ])('should respect the active window: %s', (_name, timestamp, expected) => {
    const { last } = play(game, [eventAt(EventType.DAILY_LOGIN, timestamp)]);
    expect(unlockedKeys(last).filter((key) => key === 'summer')).toEqual(expected);
  });

  it('should unlock an achievement without bonus points without a ledger line', () => {
    const { last } = play(game, [eventAt(EventType.FEATURE_USED, '2026-03-01T10:00:00Z')]);
    expect(unlockedKeys(last)).toEqual(['zero-bonus']);
    expect(last.awards).toEqual([]);
  });
});

describe('streak achievements', () => {
  const streakOf = (timestamps: string[], timeZone = 'UTC') => {
    const { evaluations, state } = play(game, timestamps.map((t) => eventAt(EventType.DAILY_LOGIN, t)), timeZone);
    return { unlockedAfter: evaluations.findIndex((e) => unlockedKeys(e).includes('login-streak')), progress: state.achievements.get('login-streak')?.progress };
  };

  it.each([
    ['three consecutive days', ['2026-03-01T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'], 2, 3],
    ['across a month end (Feb 28 → Mar 2, 2026 is not a leap year)', ['2026-02-27T09:00:00Z', '2026-02-28T09:00:00Z', '2026-03-01T09:00:00Z'], 2, 3],
    ['across a leap-day month end', ['2028-02-28T09:00:00Z', '2028-02-29T09:00:00Z', '2028-03-01T09:00:00Z'], 2, 3],
    ['across a year end', ['2026-12-30T09:00:00Z', '2026-12-31T09:00:00Z', '2027-01-01T09:00:00Z'], 2, 3],
    ['twice on one day counting once', ['2026-03-01T09:00:00Z', '2026-03-01T18:00:00Z', '2026-03-02T09:00:00Z'], -1, 2],
    ['a missed day starting over', ['2026-03-01T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-04T09:00:00Z', '2026-03-05T09:00:00Z'], -1, 2],
    ['a late event for an earlier day being ignored', ['2026-03-02T09:00:00Z', '2026-03-01T09:00:00Z', '2026-03-03T09:00:00Z'], -1, 2],
  ])('should handle %s', (_name, timestamps, unlockedAfter, progress) => {
    expect(streakOf(timestamps)).toEqual({ unlockedAfter, progress });
  });

  it.each([
    // 22:00 UTC on three evenings: in Tokyo (UTC+9) those are the mornings of the next days: still consecutive.
    ['Asia/Tokyo', ['2026-03-01T22:00:00Z', '2026-03-02T22:00:00Z', '2026-03-03T22:00:00Z'], 2],
    // 01:00 and 23:00 UTC on one day are two different local days in Tokyo (10:00 and 08:00 next day).
    ['Asia/Tokyo', ['2026-03-01T01:00:00Z', '2026-03-01T23:00:00Z', '2026-03-02T23:00:00Z'], 2],
    // The same instants in UTC are only two days.
    ['UTC', ['2026-03-01T01:00:00Z', '2026-03-01T23:00:00Z', '2026-03-02T23:00:00Z'], -1],
    // A month end in a negative-offset zone: 02:00 UTC on Apr 1 is still Mar 31 in New York.
    ['America/New_York', ['2026-03-30T12:00:00Z', '2026-03-31T12:00:00Z', '2026-04-01T02:00:00Z'], -1],
    ['America/New_York', ['2026-03-30T12:00:00Z', '2026-03-31T12:00:00Z', '2026-04-01T14:00:00Z'], 2],
  ])('should count calendar days in %s', (timeZone, timestamps, unlockedAfter) => {
    expect(streakOf(timestamps, timeZone).unlockedAfter).toBe(unlockedAfter);
  });

  it('should include the streak bonus in pointsAwarded of the unlocking event', () => {
    const { evaluations } = play(game, ['2026-03-01T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'].map((t) => eventAt(EventType.DAILY_LOGIN, t)));
    expect(evaluations.map((e) => e.pointsAwarded)).toEqual([0, 0, 30]);
  });
});
