import { EventType } from '../../../src/kit';
import { eventAt, gameFrom, play, steps } from './game-fixture';

const game = gameFrom(`
levels: [0, 100]
rules:
  - { id: login, event: DAILY_LOGIN, points: 5, coins: 2, limit: { count: 1, per: day } }
  - { id: walk, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, points: { field: data.value, per: 1000 }, coins: 3, limit: { points: 10, per: day } }
  - { id: points-only, event: PROVIDER_RATED, points: 4 }
  - { id: coins-only, event: FEEDBACK_PROVIDED, points: 0, coins: 7 }
boosts:
  - { key: double, title: Double, multiplier: 2, from: 2026-03-01T00:00:00Z, until: 2026-04-01T00:00:00Z, rules: [login] }
achievements:
  - { key: booker, title: Booker, event: APPOINTMENT_BOOKED, points: 10, coins: 15 }
  - key: ladder
    title: Ladder
    event: MEDICATION_TAKEN
    tiers: [{ name: Bronze, count: 1, points: 1, coins: 4 }, { name: Silver, count: 2, points: 2 }]
quests:
  - { key: care, title: Care, steps: [{ event: APPOINTMENT_ATTENDED }], points: 20, coins: 30 }
streaks:
  - key: daily
    title: Daily
    event: SYMPTOM_CHECKED
    per: day
    milestones: [{ length: 2, coins: 9 }]
`);

const withExpiry = gameFrom(`
levels: [0]
coins: { expireAfterDays: 30 }
rules: [{ id: login, event: DAILY_LOGIN, points: 1, coins: 5 }]
`);

const coinLines = (evaluation: { coinAwards: { sourceType: string; sourceKey: string; coins: number }[] }) =>
  evaluation.coinAwards.map(({ sourceType, sourceKey, coins }) => `${sourceType}:${sourceKey}:${coins}`);

describe('coin awards', () => {
  it.each([
    ['a rule with coins', [eventAt(EventType.DAILY_LOGIN, '2026-02-01T10:00:00Z')], [['rule:login:2']], 2],
    ['a count cap: the refused award brings no coins either', [
      eventAt(EventType.DAILY_LOGIN, '2026-02-01T10:00:00Z'), eventAt(EventType.DAILY_LOGIN, '2026-02-01T11:00:00Z'),
    ], [['rule:login:2'], []], 2],
    ['a boost multiplies points, never coins', [eventAt(EventType.DAILY_LOGIN, '2026-03-02T10:00:00Z')], [['rule:login:2']], 2],
    ['a points cap: coins while the cap leaves points, none once it is spent', [
      eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-02-01T10:00:00Z', { data: steps(8000) }),
      eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-02-01T11:00:00Z', { data: steps(8000) }),
      eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-02-01T12:00:00Z', { data: steps(8000) }),
    ], [['rule:walk:3'], ['rule:walk:3'], []], 6],
    ['a rule without coins', [eventAt(EventType.PROVIDER_RATED, '2026-02-01T10:00:00Z', { data: { rating: 5 } as never })], [[]], 0],
    ['a rule of coins and no points', [eventAt(EventType.FEEDBACK_PROVIDED, '2026-02-01T10:00:00Z')], [['rule:coins-only:7']], 7],
    ['an achievement', [eventAt(EventType.APPOINTMENT_BOOKED, '2026-02-01T10:00:00Z')], [['achievement:booker:15']], 15],
    ['tiers, each with its own coins', [
      eventAt(EventType.MEDICATION_TAKEN, '2026-02-01T10:00:00Z'), eventAt(EventType.MEDICATION_TAKEN, '2026-02-01T11:00:00Z'),
    ], [['achievement:ladder:Bronze:4'], []], 4],
    ['a quest', [eventAt(EventType.APPOINTMENT_ATTENDED, '2026-02-01T10:00:00Z')], [['quest:care:30']], 30],
    ['a streak milestone', [
      eventAt(EventType.SYMPTOM_CHECKED, '2026-02-01T10:00:00Z'), eventAt(EventType.SYMPTOM_CHECKED, '2026-02-02T10:00:00Z'),
    ], [[], ['streak:daily:2:9']], 9],
  ])('should decide coins for %s', (_name, events, expected, balance) => {
    const { evaluations, state } = play(game, events);
    expect(evaluations.map(coinLines)).toEqual(expected);
    expect(evaluations.map((evaluation) => evaluation.coinsAwarded)).toEqual(expected.map((lines) => lines.reduce((sum, line) => sum + Number(line.split(':').pop()), 0)));
    expect(state.coins).toBe(balance);
  });

  it('should leave points and levels to points: coins never count towards them', () => {
    const { last, state } = play(game, [eventAt(EventType.FEEDBACK_PROVIDED, '2026-02-01T10:00:00Z')]);
    expect(last).toMatchObject({ pointsAwarded: 0, totalPoints: 0, coinsAwarded: 7 });
    expect(state).toMatchObject({ totalPoints: 0, level: 1, coins: 7 });
  });

  it.each([
    ['never, without coins.expireAfterDays', game, '2026-02-01T10:00:00Z', null],
    ['expireAfterDays after they were earned', withExpiry, '2026-02-01T10:00:00Z', '2026-03-03T10:00:00.000Z'],
  ])('should date their expiry: %s', (_name, rules, at, expiresAt) => {
    const { last } = play(rules, [eventAt(EventType.DAILY_LOGIN, at)]);
    expect(last.coinAwards.map((award) => award.expiresAt?.toISOString() ?? null)).toEqual([expiresAt]);
  });
});
