import { ordinalOfPeriodKey } from '../calendar/member-calendar';
import { evaluateEvent, grantRewards } from '../game/evaluate-event';
import type { CoinAward, PointsAward, RewardGrant } from '../game/evaluation';
import { levelFor } from '../game/levels';
import { applyManualPoints, changeTimeZone, excuseStreakPeriods, grantAchievementTo } from '../game/member-inputs';
import { closeStreaksAt } from '../game/streak-activity';
import { emptyUserState, memberZoneOf, type UserGameState } from '../game/user-state';
import type { CompiledGame } from '../rules/compiled-game';
import { inReplayOrder, type HistoryEntry } from './member-history';

/** The pseudo-event type and journey of a manual input's ledger lines (as MemberAdjustments writes them). */
const MANUAL_LINE = { eventType: 'MANUAL_ADJUSTMENT', journey: 'user' } as const;

/** The points one source gave for one event (or manual input): a ledger line's identity and its sum. */
export interface LedgerLineSum {
  eventId: string;
  eventType: string;
  journey: string;
  occurredAt: Date;
  /** `<sourceType>:<sourceKey>` of the award, e.g. `rule:steps-10k`, `achievement:first-steps`. */
  source: string;
  points: number;
}

/** A reward held, and what granted it. */
export interface HeldReward {
  grant: RewardGrant;
  eventId: string;
}

/** What a member's history adds up to under one rule version. */
export interface RecomputedMember {
  /** Totals, level, progress, streaks and rule usage; `coins` counts coins earned only (spending is not an input). */
  state: UserGameState;
  /** Points by ledger line (`ledgerLineKey`). */
  lines: Map<string, LedgerLineSum>;
  /** Coins earned by event id. */
  coinsByEvent: Map<string, number>;
  /** Rewards held, by reward key (the first grant). */
  rewards: Map<string, HeldReward>;
  /** Each named streak's next check time once closed at `now` (as the streak sweep would). */
  streakChecks: Map<string, Date | null>;
}

export interface RecomputeOptions {
  /** The deployment's TIMEZONE. */
  timeZone: string;
  lateEventGraceMs?: number;
  /** The recompute's instant: streak periods before it are over. */
  now: Date;
}

export function ledgerLineKey(eventId: string, source: string): string {
  return `${eventId}\u0000${source}`;
}

/**
 * Re-evaluates one member's history from a clean state under `game`, in replay order, with the
 * evaluator and the manual-input functions the live engine uses: an event as of the time it was
 * processed, a manual input at the time it was made. Pure and deterministic: the same entries and
 * game give the same result.
 */
export function recomputeMember(userId: string, entries: readonly HistoryEntry[], game: CompiledGame, options: RecomputeOptions): RecomputedMember {
  const state = emptyUserState(userId, levelFor(0, game.levels));
  const recomputed: RecomputedMember = { state, lines: new Map(), coinsByEvent: new Map(), rewards: new Map(), streakChecks: new Map() };
  for (const entry of inReplayOrder(entries)) replay(recomputed, entry, game, options);
  const { nextChecks } = closeStreaksAt(state, game, memberZoneOf(state, options.timeZone), options.now, [...state.streaks.keys()]);
  for (const { key, nextCheckAt } of nextChecks) recomputed.streakChecks.set(key, nextCheckAt);
  return recomputed;
}

function replay(recomputed: RecomputedMember, entry: HistoryEntry, game: CompiledGame, options: RecomputeOptions): void {
  const { state } = recomputed;
  switch (entry.kind) {
    case 'event': {
      const { event } = entry;
      const evaluation = evaluateEvent(state, event, game, { timeZone: options.timeZone, now: entry.processedAt, lateEventGraceMs: options.lateEventGraceMs });
      addLines(recomputed, { eventId: event.id, eventType: event.type, journey: event.journey, occurredAt: event.timestamp }, evaluation.awards);
      addCoins(recomputed, event.id, evaluation.coinAwards);
      addRewards(recomputed, event.id, evaluation.rewards);
      return;
    }
    case 'points': {
      const applied = applyManualPoints(state, entry.points, entry.at, game);
      addLines(recomputed, { eventId: entry.id, ...MANUAL_LINE, occurredAt: entry.at }, [{ sourceType: 'manual', sourceKey: entry.principal, points: applied }]);
      return;
    }
    case 'grant': {
      const achievement = game.achievementByKey.get(entry.achievementKey);
      if (!achievement) return; // no longer in the rules
      const grant = grantAchievementTo(state, achievement, entry.at, game);
      if (grant.unlocked.length === 0) return;
      addLines(recomputed, { eventId: entry.id, ...MANUAL_LINE, occurredAt: entry.at }, [{ sourceType: 'manual', sourceKey: entry.principal, points: grant.points }]);
      addCoins(recomputed, entry.id, grant.coinAwards);
      addRewards(recomputed, entry.id, grantRewards(game, grant.unlocked, []));
      return;
    }
    case 'excuse': {
      const streak = game.streakByKey.get(entry.streakKey);
      if (!streak) return;
      excuseStreakPeriods(state, streak, ordinalOfPeriodKey(entry.from, streak.per), ordinalOfPeriodKey(entry.to, streak.per), entry.at, options.timeZone);
      return;
    }
    case 'zone':
      if ((state.timeZone ?? options.timeZone) !== entry.timeZone) changeTimeZone(state, entry.timeZone, entry.at, game, options.timeZone);
      return;
  }
}

function addLines(recomputed: RecomputedMember, line: Omit<LedgerLineSum, 'source' | 'points'>, awards: readonly PointsAward[]): void {
  for (const award of awards) {
    if (award.points === 0) continue;
    const source = `${award.sourceType}:${award.sourceKey}`;
    const key = ledgerLineKey(line.eventId, source);
    const existing = recomputed.lines.get(key);
    if (existing) existing.points += award.points;
    else recomputed.lines.set(key, { ...line, source, points: award.points });
  }
}

function addCoins(recomputed: RecomputedMember, eventId: string, awards: readonly CoinAward[]): void {
  const coins = awards.reduce((sum, award) => sum + award.coins, 0);
  if (coins !== 0) recomputed.coinsByEvent.set(eventId, (recomputed.coinsByEvent.get(eventId) ?? 0) + coins);
}

function addRewards(recomputed: RecomputedMember, eventId: string, grants: readonly RewardGrant[]): void {
  for (const grant of grants) if (!recomputed.rewards.has(grant.reward.key)) recomputed.rewards.set(grant.reward.key, { grant, eventId });
}
