import { EventType } from '../../../src/kit';
import { eventAt, gameFrom, play, steps } from './game-fixture';

const game = gameFrom(`
levels: [0, 100, 300]
rules:
  - { id: any-metric, event: HEALTH_METRIC_RECORDED, points: 5 }
  - { id: big-walk, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS, data.value: { $gte: 10000 } }, points: 20 }
  - { id: daily-login, event: DAILY_LOGIN, points: 3, limit: { count: 1, per: day } }
  - { id: weekly-goal, event: GOAL_CREATED, points: 10, limit: { count: 2, per: week } }
  - { id: monthly-device, event: DEVICE_CONNECTED, points: 25, limit: { count: 1, per: month } }
  - { id: zero, event: FEATURE_USED, points: 0 }
`);

describe('points rules', () => {
  it.each([
    ['a metric that matches only the unconditional rule', steps(500), 5, ['any-metric']],
    ['a metric that matches both rules (they add up)', steps(12000), 25, ['any-metric', 'big-walk']],
    ['a metric exactly at the $gte threshold', steps(10000), 25, ['any-metric', 'big-walk']],
    ['a heart-rate metric (no heart rate reaches the steps threshold)', { metricType: 'HEART_RATE', value: 200, unit: 'bpm' } as never, 5, ['any-metric']],
  ])('should award %s', (_name, data, points, sources) => {
    const { last } = play(game, [eventAt(EventType.HEALTH_METRIC_RECORDED, '2026-03-01T10:00:00Z', { data })]);
    expect(last.pointsAwarded).toBe(points);
    expect(last.awards.map((award) => award.sourceKey)).toEqual(sources);
    expect(last.awards.every((award) => award.sourceType === 'rule')).toBe(true);
  });

  it('should award nothing for an event type no rule names', () => {
    const { last } = play(game, [eventAt(EventType.SYMPTOM_CHECKED, '2026-03-01T10:00:00Z')]);
    expect(last.pointsAwarded).toBe(0);
    expect(last.awards).toEqual([]);
  });

  it('should not write a ledger line for a rule worth 0 points', () => {
    const { last } = play(game, [eventAt(EventType.FEATURE_USED, '2026-03-01T10:00:00Z')]);
    expect(last.awards).toEqual([]);
  });

  it.each([
    ['day', EventType.DAILY_LOGIN, ['2026-03-01T08:00:00Z', '2026-03-01T20:00:00Z', '2026-03-02T00:00:00Z'], [3, 0, 3]],
    // 2026-03-02 is a Monday: the ISO week starts there.
    ['week', EventType.GOAL_CREATED, ['2026-03-02T09:00:00Z', '2026-03-04T09:00:00Z', '2026-03-08T23:59:59Z', '2026-03-09T00:00:00Z'], [10, 10, 0, 10]],
    ['month', EventType.DEVICE_CONNECTED, ['2026-01-31T23:00:00Z', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'], [25, 0, 25]],
  ])('should cap a rule per calendar %s of the event timestamp', (_period, type, timestamps, expected) => {
    const { evaluations } = play(game, timestamps.map((timestamp) => eventAt(type as EventType, timestamp)));
    expect(evaluations.map((evaluation) => evaluation.pointsAwarded)).toEqual(expected);
  });

  it.each([
    // 23:30 UTC on 1 March is already 2 March in Tokyo (UTC+9) but still 1 March in São Paulo (UTC-3).
    ['UTC', [3, 0]],
    ['Asia/Tokyo', [3, 3]],
    ['America/Sao_Paulo', [3, 0]],
  ])('should read calendar days in the configured time zone (%s)', (timeZone, expected) => {
    const events = [eventAt(EventType.DAILY_LOGIN, '2026-03-01T10:00:00Z'), eventAt(EventType.DAILY_LOGIN, '2026-03-01T23:30:00Z')];
    expect(play(game, events, timeZone).evaluations.map((e) => e.pointsAwarded)).toEqual(expected);
  });

  it('should report which capped-rule counters it touched', () => {
    const { last } = play(game, [eventAt(EventType.DAILY_LOGIN, '2026-03-01T10:00:00Z')]);
    expect(last.touchedRuleUsage).toHaveLength(1);
  });
});
