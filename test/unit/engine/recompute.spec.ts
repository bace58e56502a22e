import { isDeepStrictEqual } from 'node:util';
import { periodKeyOf, periodOrdinal } from '../../../src/engine/calendar/member-calendar';
import { evaluateEvent, grantRewards } from '../../../src/engine/game/evaluate-event';
import { applyManualPoints, changeTimeZone, excuseStreakPeriods, grantAchievementTo } from '../../../src/engine/game/member-inputs';
import { closeStreaksAt } from '../../../src/engine/game/streak-activity';
import { memberZoneOf, type UserGameState } from '../../../src/engine/game/user-state';
import type { HistoryEntry } from '../../../src/engine/recompute/member-history';
import { correctionOf, type CurrentMember } from '../../../src/engine/recompute/member-correction';
import { ledgerLineKey, recomputeMember, type LedgerLineSum, type RecomputedMember } from '../../../src/engine/recompute/recompute-member';
import { ordinalOfPeriodKey } from '../../../src/engine/calendar/member-calendar';
import { EventType } from '../../../src/kit';
import { eventAt, freshState, gameFrom, steps, USER } from './game-fixture';

const game = gameFrom(`
levels: [0, 100, 250, 500]
coins: { expireAfterDays: 30 }
rules:
  - id: steps-points
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    points: { field: data.value, per: 1000, max: 50 }
    limit: { points: 60, per: day }
    coins: 2
  - { id: login, event: DAILY_LOGIN, points: 5, limit: { count: 1, per: day } }
  - { id: booked, event: APPOINTMENT_BOOKED, points: 40, coins: 10 }
  - { id: rated, event: PROVIDER_RATED, points: 5 }
boosts:
  - { key: launch-week, title: Launch Week, multiplier: 2, from: 2027-01-10T00:00:00Z, until: 2027-01-17T00:00:00Z, rules: [steps-points] }
achievements:
  - { key: first-booking, title: First booking, event: APPOINTMENT_BOOKED, points: 30, coins: 5 }
  - { key: three-logins, title: Three in a row, event: DAILY_LOGIN, streak: { days: 3 }, points: 20 }
  - { key: regular, title: Regular, event: APPOINTMENT_BOOKED, count: 3, points: 50, prerequisites: [first-booking] }
  - key: weekly-30k
    title: 30k Week
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    goal: { sum: data.value, atLeast: 30000, per: week }
    repeat: true
    points: 25
  - key: step-ladder
    title: Step Ladder
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gte: 8000 } }
    tiers:
      - { name: Bronze, count: 2, points: 10 }
      - { name: Silver, count: 4, points: 30 }
  - { key: mover, title: Mover, streak: { key: daily-move, length: 4 }, points: 15 }
streaks:
  - key: daily-move
    title: Daily Move
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gte: 5000 } }
    per: day
    freezes: { initial: 1, max: 2, earnEvery: 5 }
    milestones:
      - { length: 3, points: 15, coins: 3 }
quests:
  - key: care-circle
    title: Care Circle
    steps:
      - { event: APPOINTMENT_BOOKED }
      - { event: PROVIDER_RATED, when: { data.rating: { $gte: 4 } }, count: 2 }
    points: 60
rewards:
  - { key: badge, title: Booker badge, achievement: first-booking }
  - { key: voucher, title: Voucher, quest: care-circle }
`);

const HOUR = 3_600_000;
const START = Date.parse('2027-01-05T06:00:00Z');

/** A small deterministic PRNG (mulberry32): every sequence can be reproduced from its seed. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];

/** The kinds of history entries, how often each comes up, and how one is made at an instant. */
const ENTRY_KINDS: { weight: number; make: (random: Random, at: Date, index: number) => HistoryEntry }[] = [
  { weight: 6, make: (random, at) => event(eventAt(EventType.HEALTH_METRIC_RECORDED, at.toISOString(), { data: steps(pick(random, [2000, 5000, 8000, 12_000, 30_000])) }), at, random) },
  { weight: 3, make: (random, at) => event(eventAt(EventType.DAILY_LOGIN, at.toISOString()), at, random) },
  { weight: 2, make: (random, at) => event(eventAt(EventType.APPOINTMENT_BOOKED, at.toISOString()), at, random) },
  { weight: 2, make: (random, at) => event(eventAt(EventType.PROVIDER_RATED, at.toISOString(), { data: { rating: pick(random, [2, 4, 5]) } as never }), at, random) },
  { weight: 1, make: (random, at, index) => ({ kind: 'points', id: `manual:p${index}`, points: pick(random, [15, -40, 120, -500]), principal: 'admin', at }) },
  { weight: 0.5, make: (random, at, index) => ({ kind: 'grant', id: `manual:g${index}`, achievementKey: pick(random, ['first-booking', 'three-logins', 'mover']), principal: 'admin', at }) },
  {
    weight: 0.5,
    make: (random, at) => {
      const today = periodOrdinal(at, 'day', 'UTC');
      const from = today - Math.floor(random() * 4);
      return { kind: 'excuse', streakKey: 'daily-move', from: periodKeyOf(from, 'day'), to: periodKeyOf(Math.min(today, from + Math.floor(random() * 2)), 'day'), at };
    },
  },
  { weight: 0.3, make: (random, at) => ({ kind: 'zone', timeZone: pick(random, ['America/Sao_Paulo', 'Asia/Tokyo', 'UTC']), at }) },
];
const TOTAL_WEIGHT = ENTRY_KINDS.reduce((sum, kind) => sum + kind.weight, 0);

/** An event arriving in order, processed up to an hour after it happened. */
function event(identified: ReturnType<typeof eventAt>, at: Date, random: Random): HistoryEntry {
  return { kind: 'event', event: identified, processedAt: new Date(at.getTime() + Math.floor(random() * HOUR)) };
}

/** A member's history in arrival order: entries a few minutes to two days apart. */
function historyFrom(seed: number): HistoryEntry[] {
  const random = randomFrom(seed);
  const length = 1 + Math.floor(random() * 40);
  let at = START;
  const entries: HistoryEntry[] = [];
  for (let index = 0; index < length; index++) {
    at += Math.floor(random() * 40 * HOUR) + 60_000;
    let roll = random() * TOTAL_WEIGHT;
    const kind = ENTRY_KINDS.find((candidate) => (roll -= candidate.weight) < 0) ?? ENTRY_KINDS[0];
    entries.push(kind.make(random, new Date(at), index));
  }
  return entries;
}

/** The live path, one input at a time as the engine and MemberAdjustments apply them, then the streak sweep at `now`. */
function processIncrementally(entries: readonly HistoryEntry[], now: Date): CurrentMember & { state: UserGameState } {
  const state = freshState(game);
  const lines = new Map<string, LedgerLineSum>();
  const coinsByEvent = new Map<string, number>();
  const rewards = new Set<string>();
  const addLine = (line: LedgerLineSum) => {
    if (line.points === 0) return;
    const key = ledgerLineKey(line.eventId, line.source);
    lines.set(key, { ...line, points: (lines.get(key)?.points ?? 0) + line.points });
  };
  const addCoins = (eventId: string, coins: number) => coins !== 0 && coinsByEvent.set(eventId, (coinsByEvent.get(eventId) ?? 0) + coins);
  for (const entry of entries) {
    if (entry.kind === 'event') {
      const evaluation = evaluateEvent(state, entry.event, game, { timeZone: 'UTC', now: entry.processedAt });
      for (const award of evaluation.awards) {
        addLine({ eventId: entry.event.id, eventType: entry.event.type, journey: entry.event.journey, occurredAt: entry.event.timestamp, source: `${award.sourceType}:${award.sourceKey}`, points: award.points });
      }
      addCoins(entry.event.id, evaluation.coinsAwarded);
      for (const grant of evaluation.rewards) rewards.add(grant.reward.key);
    } else if (entry.kind === 'points') {
      const applied = applyManualPoints(state, entry.points, entry.at, game);
      addLine({ eventId: entry.id, eventType: 'MANUAL_ADJUSTMENT', journey: 'user', occurredAt: entry.at, source: 'manual:admin', points: applied });
    } else if (entry.kind === 'grant') {
      const grant = grantAchievementTo(state, game.achievementByKey.get(entry.achievementKey)!, entry.at, game);
      addLine({ eventId: entry.id, eventType: 'MANUAL_ADJUSTMENT', journey: 'user', occurredAt: entry.at, source: 'manual:admin', points: grant.points });
      addCoins(entry.id, grant.coinAwards.reduce((sum, award) => sum + award.coins, 0));
      for (const reward of grantRewards(game, grant.unlocked, [])) rewards.add(reward.reward.key);
    } else if (entry.kind === 'excuse') {
      excuseStreakPeriods(state, game.streakByKey.get(entry.streakKey)!, ordinalOfPeriodKey(entry.from, 'day'), ordinalOfPeriodKey(entry.to, 'day'), entry.at, 'UTC');
    } else if ((state.timeZone ?? 'UTC') !== entry.timeZone) {
      changeTimeZone(state, entry.timeZone, entry.at, game, 'UTC');
    }
  }
  closeStreaksAt(state, game, memberZoneOf(state, 'UTC'), now, [...state.streaks.keys()]);
  return { state, lines, coinsByEvent, rewards };
}

const recompute = (entries: readonly HistoryEntry[], now: Date): RecomputedMember => recomputeMember(USER, entries, game, { timeZone: 'UTC', now });
const endOf = (entries: readonly HistoryEntry[]) => new Date(START + 100 * 24 * HOUR + entries.length);
const SEEDS = Array.from({ length: 3000 }, (_, index) => index + 1);

describe('recomputing a member from their history', () => {
  it('should give the state, ledger, coins and rewards incremental processing gave, for 3,000 generated histories', () => {
    for (const seed of SEEDS) {
      const entries = historyFrom(seed);
      const now = endOf(entries);
      const incremental = processIncrementally(entries, now);
      const recomputed = recompute(entries, now);
      const found = { state: recomputed.state, lines: recomputed.lines, coins: recomputed.coinsByEvent, rewards: new Set(recomputed.rewards.keys()) };
      const expected = { state: incremental.state, lines: incremental.lines, coins: incremental.coinsByEvent, rewards: incremental.rewards };
      // Compared cheaply first; expect() (slow on 3,000 runs) names the seed and the difference when they differ.
      if (!isDeepStrictEqual(found, expected)) expect({ seed, ...found }).toEqual({ seed, ...expected });
      // A member already in the recomputed state needs no correction.
      if (correctionOf(incremental, recomputed, game).changed) expect({ seed, correction: correctionOf(incremental, recomputed, game) }).toEqual({ seed, correction: 'none' });
    }
  });

  it('should, without one event, correct the member to exactly the history that never had it', () => {
    for (const seed of SEEDS.slice(0, 1000)) {
      const entries = historyFrom(seed);
      const events = entries.filter((entry) => entry.kind === 'event');
      if (events.length === 0) continue;
      const retracted = events[seed % events.length];
      const without = entries.filter((entry) => entry !== retracted);
      const now = endOf(entries);
      const current = processIncrementally(entries, now);
      const correction = correctionOf(current, recompute(without, now), game);
      const serial = processIncrementally(without, now);
      expect({ seed, total: correction.state.totalPoints, level: correction.state.level }).toEqual({ seed, total: serial.state.totalPoints, level: serial.state.level });
      // The compensating lines explain every point that moved, and leave each source's sum where the serial run has it.
      expect({ seed, explained: correction.lines.reduce((sum, line) => sum + line.points, 0) }).toEqual({ seed, explained: correction.pointsDelta });
      const after = new Map(current.lines);
      for (const line of correction.lines) {
        const key = ledgerLineKey(line.eventId, line.source);
        after.set(key, { ...line, points: (after.get(key)?.points ?? 0) + line.points });
      }
      expect({ seed, lines: [...after].filter(([, line]) => line.points !== 0).map(([key, line]) => [key, line.points]).sort() })
        .toEqual({ seed, lines: [...serial.lines].map(([key, line]) => [key, line.points]).sort() });
      expect({ seed, coins: current.state.coins + correction.coinsDelta }).toEqual({ seed, coins: serial.state.coins });
      expect({ seed, rewards: [...current.rewards].filter((key) => !correction.rewards.revoked.includes(key)).concat(correction.rewards.granted.map((held) => held.grant.reward.key)).sort() })
        .toEqual({ seed, rewards: [...serial.rewards].sort() });
    }
  });
});

describe('a correction', () => {
  const booking = (at: string) => ({ kind: 'event', event: eventAt(EventType.APPOINTMENT_BOOKED, at), processedAt: new Date(at) }) as const;
  const rating = (at: string, value: number) => ({ kind: 'event', event: eventAt(EventType.PROVIDER_RATED, at, { data: { rating: value } as never }), processedAt: new Date(at) }) as const;
  const now = new Date('2027-02-01T00:00:00Z');

  it('should revoke what a retracted booking caused: its points, the achievement and its bonus, the quest and its reward, the level', () => {
    const bookingEntry = booking('2027-01-05T10:00:00Z');
    const history: HistoryEntry[] = [bookingEntry, rating('2027-01-06T10:00:00Z', 5), rating('2027-01-07T10:00:00Z', 4)];
    const current = processIncrementally(history, now);
    expect(current.state).toMatchObject({ totalPoints: 40 + 30 + 5 + 5 + 60, level: 2 });
    const correction = correctionOf(current, recompute(history.slice(1), now), game);
    expect(correction).toMatchObject({
      previousTotal: 140, previousLevel: 2, pointsDelta: -130, coinsDelta: -15, changed: true,
      state: { totalPoints: 10, level: 1, coins: -15 + current.state.coins },
      achievements: { revoked: ['first-booking'], gained: [], remove: ['first-booking', 'regular'] },
      quests: { revoked: ['care-circle'], completed: [], upsert: ['care-circle'] },
      rewards: { revoked: ['badge', 'voucher'], granted: [] },
    });
    expect(correction.lines.map((line) => [line.eventId, line.source, line.points])).toEqual([
      [bookingEntry.event.id, 'achievement:first-booking', -30],
      [bookingEntry.event.id, 'rule:booked', -40],
      [history[2].kind === 'event' ? history[2].event.id : '', 'quest:care-circle', -60],
    ]);
    expect(correction.state.quests.get('care-circle')).toEqual({ stepProgress: [0, 2], completedAt: null });
  });

  it('should be deterministic: the same history recomputed twice gives the same correction', () => {
    const history = historyFrom(42);
    const current = processIncrementally(history, now);
    const without = history.filter((entry) => entry.kind !== 'event' || entry.event.type !== EventType.APPOINTMENT_BOOKED);
    expect(correctionOf(current, recompute(without, now), game)).toEqual(correctionOf(current, recompute(without, now), game));
  });
});
