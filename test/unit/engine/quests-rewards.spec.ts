import { EventType } from '../../../src/kit';
import { eventAt, gameFrom, play } from './game-fixture';

const game = gameFrom(`
levels: [0, 100, 300]
rules:
  - { id: booked, event: APPOINTMENT_BOOKED, points: 60 }
achievements:
  - { key: booker, title: Booker, event: APPOINTMENT_BOOKED, points: 50 }
quests:
  - key: care-circle
    title: Care Circle
    steps:
      - { event: APPOINTMENT_BOOKED }
      - { event: PROVIDER_RATED, when: { data.rating: { $gte: 4 } }, count: 2 }
    points: 100
  - key: march-only
    title: March only
    startsAt: 2026-03-01T00:00:00Z
    endsAt: 2026-04-01T00:00:00Z
    steps: [{ event: DAILY_LOGIN, count: 2 }]
rewards:
  - { key: badge, title: Booker badge, achievement: booker }
  - { key: voucher, title: Voucher, quest: care-circle }
`);

const rated = (rating: number, timestamp: string) => eventAt(EventType.PROVIDER_RATED, timestamp, { data: { rating } as never });

describe('quests', () => {
  it('should complete when every step is done, in any order, and add the completion bonus', () => {
    const { evaluations, state } = play(game, [
      rated(5, '2026-03-01T10:00:00Z'),
      rated(3, '2026-03-01T11:00:00Z'),
      rated(4, '2026-03-01T12:00:00Z'),
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-02T10:00:00Z'),
    ]);
    expect(evaluations.map((e) => e.completed.map((q) => q.key))).toEqual([[], [], [], ['care-circle']]);
    expect(state.quests.get('care-circle')).toEqual({ stepProgress: [1, 2], completedAt: new Date('2026-03-02T10:00:00Z') });
    // rule 60 + achievement 50 + quest 100
    expect(evaluations[3].pointsAwarded).toBe(210);
  });

  it('should not count a step beyond its count or after completion', () => {
    const { state, evaluations } = play(game, [
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T10:00:00Z'),
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T11:00:00Z'),
      rated(5, '2026-03-01T12:00:00Z'),
      rated(5, '2026-03-01T13:00:00Z'),
      rated(5, '2026-03-01T14:00:00Z'),
    ]);
    expect(state.quests.get('care-circle')?.stepProgress).toEqual([1, 2]);
    expect(evaluations[1].touchedQuests).toEqual([]);
    expect(evaluations[4].touchedQuests).toEqual([]);
  });

  it.each([
    ['both inside the window', ['2026-03-01T00:00:00Z', '2026-03-31T23:59:59Z'], true],
    ['one before the window', ['2026-02-28T23:59:59Z', '2026-03-05T00:00:00Z'], false],
    ['one at the closing instant (exclusive)', ['2026-03-05T00:00:00Z', '2026-04-01T00:00:00Z'], false],
  ])('should only count steps inside its window: %s', (_name, timestamps, completed) => {
    const { state } = play(game, timestamps.map((t) => eventAt(EventType.DAILY_LOGIN, t)));
    expect(state.quests.get('march-only')?.completedAt != null).toBe(completed);
  });
});

describe('rewards and levels', () => {
  it('should grant the rewards of what unlocked and completed, once', () => {
    const { evaluations } = play(game, [
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T10:00:00Z'),
      rated(5, '2026-03-01T11:00:00Z'),
      rated(5, '2026-03-01T12:00:00Z'),
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T13:00:00Z'),
    ]);
    expect(evaluations.map((e) => e.rewards.map((grant) => `${grant.sourceType}:${grant.reward.key}`))).toEqual([
      ['achievement:badge'],
      [],
      ['quest:voucher'],
      [],
    ]);
  });

  it('should compute the level from the total after bonuses', () => {
    const { evaluations, state } = play(game, [
      eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T10:00:00Z'),
      rated(5, '2026-03-01T11:00:00Z'),
      rated(5, '2026-03-01T12:00:00Z'),
    ]);
    expect(evaluations.map((e) => [e.totalPoints, e.previousLevel, e.level])).toEqual([
      [110, 1, 2],
      [110, 2, 2],
      [210, 2, 2],
    ]);
    expect(state.pointsReachedAt?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });
});

describe('when a score was reached (the leaderboards tie-break)', () => {
  it.each([
    ['whole seconds', ['2026-03-01T10:00:00.000Z'], '2026-03-01T10:00:00.000Z'],
    ['the second, not the millisecond', ['2026-03-01T10:00:00.999Z'], '2026-03-01T10:00:00.000Z'],
    ['the latest scoring event', ['2026-03-01T12:00:05.250Z', '2026-03-01T11:00:00.000Z'], '2026-03-01T12:00:05.000Z'],
    ['before 1970 as well', ['1969-12-31T23:59:59.500Z'], '1969-12-31T23:59:59.000Z'],
  ])('should keep %s', (_case, timestamps, expected) => {
    const { state } = play(game, timestamps.map((timestamp) => eventAt(EventType.APPOINTMENT_BOOKED, timestamp)));
    expect(state.pointsReachedAt?.toISOString()).toBe(expected);
  });

  it('should not move for an event that awards nothing', () => {
    const { state } = play(game, [eventAt(EventType.APPOINTMENT_BOOKED, '2026-03-01T10:00:00Z'), rated(2, '2026-03-01T11:00:00.400Z')]);
    expect(state.pointsReachedAt?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });
});
