import type { EventResult } from '../../contract';
import type { CoinAward, EventEvaluation, PointsAward, RewardGrant } from '../game/evaluation';
import type { PendingNotification } from '../notifications/notification';
import type { UserGameState } from '../game/user-state';
import type { CorrectionRecord, MemberHistory, StoredEventQuery, StoredEventRecord } from '../recompute/correction-record';
import type { MemberCorrection } from '../recompute/member-correction';

/** Identifies one event of one member (the idempotency key's scope). */
export interface EventKey {
  userId: string;
  eventId: string;
}

/** Distinct (member, key) pairs as two parallel arrays: `keys[i]` is a key of `userIds[i]`. */
export interface MemberKeys {
  userIds: string[];
  keys: string[];
}

export interface LoadRequest {
  /** Members of the batch; their profiles are created when missing, then locked. */
  userIds: string[];
  eventKeys: EventKey[];
  /** Capped-rule counters the batch may touch (`ruleUsageKey`s): their periods are in each member's zone, known once loaded. */
  ruleUsageKeys: (states: ReadonlyMap<string, UserGameState>) => MemberKeys;
  /** Achievement, quest and streak progress the batch's events read. */
  achievementKeys: MemberKeys;
  questKeys: MemberKeys;
  streakKeys: MemberKeys;
  /** Level of a brand-new profile with 0 points. */
  initialLevel: number;
}

/** What is kept of a processed event: its first result and the fingerprint of its content (null for records older than fingerprints). */
export interface ProcessedRecord {
  result: EventResult;
  contentHash: string | null;
}

export interface LoadedBatch {
  states: Map<string, UserGameState>;
  /** Events already processed, by `eventKeyId`. */
  processed: Map<string, ProcessedRecord>;
  /** Members of the batch who were erased: their events are dropped (and nothing of them is kept). */
  erased: ReadonlySet<string>;
}

export interface CommittedEvent {
  evaluation: EventEvaluation;
  result: EventResult;
  /** Fingerprint of the event's content (`contentHashOf`), kept to tell a repeat from a conflict. */
  contentHash: string;
  /** The plausibility hold that kept it for review (its evaluation is empty), if any. */
  hold?: { key: string; reason: string };
}

/** A batch's effects: its newly processed events, the final state of the members they touched, and what to tell them (the outbox). */
export interface BatchEffects {
  events: CommittedEvent[];
  states: ReadonlyMap<string, UserGameState>;
  notifications: PendingNotification[];
  committedAt: Date;
}

/** A manual award, deduction or grant as stored (idempotent by the caller's key). */
export interface ManualAdjustmentRecord {
  userId: string;
  idempotencyKey: string;
  kind: 'points' | 'achievement';
  pointsRequested: number;
  pointsApplied: number;
  achievementKey: string | null;
  reason: string;
  principal: string;
  /** What the first call answered (totals after it), returned again to a repeat. */
  result: Record<string, unknown>;
}

/** Why coins moved: earned by an event or a grant, spent on a reward, given back by a cancellation, or expired. */
export type CoinMovementReason = 'EARNED' | 'REDEEMED' | 'REFUNDED' | 'EXPIRED' | 'CORRECTED';

/** One line of the coins ledger, as the store writes it. */
export interface CoinLedgerLine {
  eventId: string;
  /** Signed: credits positive, debits negative. */
  amount: number;
  reason: CoinMovementReason;
  sourceType: string;
  sourceKey: string;
  /** What a credit leaves to spend (its amount when written); 0 for the other lines. */
  remaining: number;
  expiresAt: Date | null;
}

/** A credit of awarded coins: spendable in full until it expires. */
export function earnedCoins(eventId: string, award: CoinAward): CoinLedgerLine {
  return { eventId, amount: award.coins, reason: 'EARNED', sourceType: award.sourceType, sourceKey: award.sourceKey, remaining: award.coins, expiresAt: award.expiresAt };
}

/** What a change other than an event (manual award, grant, excuse, zone change) did to one member. */
export interface MemberEffects {
  state: UserGameState;
  /** Ledger lines, attributed to a pseudo-event (`manual:<key>`, `excuse:<id>`…). */
  ledger: { eventId: string; eventType: string; journey: string; awards: PointsAward[]; occurredAt: Date };
  /** Totals, level or coins changed. */
  totals: boolean;
  /** Coins ledger lines (credits, debits, refunds, expiries). */
  coins: CoinLedgerLine[];
  /** Time zone changed. */
  zone: { changedBy: string } | null;
  achievements: string[];
  streaks: { key: string; nextCheckAt: Date | null }[];
  rewards: RewardGrant[];
  notifications: PendingNotification[];
  adjustment: ManualAdjustmentRecord | null;
  excuse: { streakKey: string; from: string; to: string; reason: string; excusedBy: string } | null;
  committedAt: Date;
}

/** A change that changes nothing yet: callers spread it and set what their change did. */
export function noMemberEffects(state: UserGameState, now: Date): MemberEffects {
  return {
    state,
    ledger: { eventId: '', eventType: '', journey: 'user', awards: [], occurredAt: now },
    totals: false,
    coins: [],
    zone: null,
    achievements: [],
    streaks: [],
    rewards: [],
    notifications: [],
    adjustment: null,
    excuse: null,
    committedAt: now,
  };
}

/** A load that locks members and reads their totals and zone, with no progress: for changes that are not events. */
export function lockOnlyRequest(userIds: string[], initialLevel: number): LoadRequest {
  const none = { userIds: [], keys: [] };
  return { userIds, eventKeys: [], ruleUsageKeys: () => none, achievementKeys: none, questKeys: none, streakKeys: none, initialLevel };
}

/** One member's correction as the store writes it. */
export interface CorrectionWrite {
  record: CorrectionRecord;
  correction: MemberCorrection;
  notifications: PendingNotification[];
}

/** The rule version in force as a transaction reads it; the stored document comes only when it is not the version the caller knew. */
export interface RuleVersionInForce {
  id: number;
  document: unknown;
}

/** One transaction's view of the store: load and lock a batch's members, then persist its effects. */
export interface EngineSession {
  /**
   * The rule version in force, held in force until the transaction ends (a publish waits for it,
   * and it waits for a publish under way): a transaction evaluates under one version, never half under each.
   */
  ruleVersionInForce(known: number): Promise<RuleVersionInForce>;
  load(request: LoadRequest): Promise<LoadedBatch>;
  persist(effects: BatchEffects): Promise<void>;
  /** A manual adjustment already made under this key, if any. */
  findAdjustment(userId: string, idempotencyKey: string): Promise<ManualAdjustmentRecord | null>;
  persistMember(effects: MemberEffects): Promise<void>;
  /**
   * Streaks due for a look (their next check time has passed), oldest first; null when another
   * process holds the sweep's lock for this transaction (one sweeper at a time).
   */
  dueStreaks(now: Date, limit: number): Promise<{ userId: string; streakKey: string }[] | null>;
  /** Stored events with this id, of any member (an id is unique per member only). */
  findStoredEvents(eventId: string): Promise<StoredEventRecord[]>;
  /** For each query, the member's latest accepted event of `type` whose payload holds `payload` (`@>`), in one round trip: rules-driven retractions. */
  findStoredEventsMatching(queries: readonly StoredEventQuery[]): Promise<(StoredEventRecord | null)[]>;
  markRetracted(userId: string, eventIds: readonly string[], retraction: { by: string; reason: string; at: Date }): Promise<void>;
  /** A held event's review: released (ACCEPTED) or rejected (REJECTED), by whom, when, with what note. */
  markReviewed(userId: string, eventId: string, review: { status: 'ACCEPTED' | 'REJECTED'; by: string; note: string | null; at: Date }): Promise<void>;
  /**
   * Locks the members (as `load` does: together, in user_id order) and reads each one's whole
   * state, history and ledger sums, in one round trip whatever their number.
   */
  loadMemberHistories(userIds: readonly string[], initialLevel: number): Promise<Map<string, MemberHistory>>;
  findCorrection(userId: string, by: { idempotencyKey: string } | { retractedEventId: string }): Promise<CorrectionRecord | null>;
  /** Writes corrections of distinct members: their records, compensating ledger and coin lines, the members' rows, notifications (a fixed number of statements whatever their number). */
  persistCorrections(corrections: readonly CorrectionWrite[]): Promise<void>;
}

/** The engine's port to its source of truth. Work runs in one transaction, all or nothing. */
export interface EngineStore {
  transaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T>;
  /**
   * The transaction of a batch of events: as `transaction`, with the batch's statements (keyed
   * lookups and writes) planned once per connection whatever their arrays hold.
   */
  batchTransaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T>;
}

export function eventKeyId(key: EventKey): string {
  return `${key.userId}/${key.eventId}`;
}
