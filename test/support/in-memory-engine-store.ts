import { isDeepStrictEqual } from 'node:util';
import type { IdentifiedEvent, PointsAward, RewardGrant } from '../../src/engine/game/evaluation';
import { emptyUserState, type AchievementProgress, type QuestProgress, type RuleUsage, type UserGameState } from '../../src/engine/game/user-state';
import type { PendingNotification } from '../../src/engine/notifications/notification';
import type { CorrectionRecord, MemberHistory, StoredEventQuery, StoredEventRecord, StoredEventStatus } from '../../src/engine/recompute/correction-record';
import type { HistoryEntry } from '../../src/engine/recompute/member-history';
import { ledgerLineKey, type LedgerLineSum } from '../../src/engine/recompute/recompute-member';
import {
  earnedCoins,
  eventKeyId,
  type BatchEffects,
  type CoinLedgerLine,
  type CorrectionWrite,
  type EngineSession,
  type EngineStore,
  type LoadedBatch,
  type LoadRequest,
  type ManualAdjustmentRecord,
  type MemberEffects,
  type MemberKeys,
  type ProcessedRecord,
  type RuleVersionInForce,
} from '../../src/engine/store/engine-store';
import type { StreakState } from '../../src/engine/streaks/streak-state';

type Totals = Pick<UserGameState, 'totalPoints' | 'level' | 'coins' | 'pointsReachedAt' | 'timeZone' | 'zoneChange'>;

/** One member's rows: their profile and the progress tables, keyed as the PostgreSQL store keys them. */
export interface StoredMember {
  totals: Totals;
  achievements: Map<string, AchievementProgress>;
  quests: Map<string, QuestProgress>;
  ruleUsage: Map<string, RuleUsage>;
  streaks: Map<string, { state: StreakState; nextCheckAt: Date | null }>;
}

export interface StoredLedgerLine extends Omit<PointsAward, 'sourceType'> {
  /** A correction's compensating line names the source it corrects (`rule:booked`) as its key. */
  sourceType: PointsAward['sourceType'] | 'correction';
  userId: string;
  eventId: string;
  eventType: string;
  occurredAt: Date;
}

/** Everything the store holds; replaced whole by a transaction that fails. */
export interface StoredTables {
  members: Map<string, StoredMember>;
  /** By `eventKeyId`: each processed event's first result and content fingerprint. */
  processed: Map<string, ProcessedRecord>;
  /** Members erased: their events are dropped and no row of theirs is created again. */
  erased: Set<string>;
  ledger: StoredLedgerLine[];
  coins: (CoinLedgerLine & { userId: string })[];
  rewards: { userId: string; eventId: string; grant: RewardGrant }[];
  /** The event store: every accepted (or held) event, in commit order, and each one's status by `eventKeyId`. */
  events: IdentifiedEvent[];
  statuses: Map<string, StoredEventStatus>;
  corrections: CorrectionRecord[];
  outbox: PendingNotification[];
  adjustments: Map<string, ManualAdjustmentRecord>;
  excuses: NonNullable<MemberEffects['excuse']>[];
}

/**
 * The engine's store port held in memory, for unit tests of what the engine decides: one
 * transaction at a time (so members are "locked" for its length), all or nothing (a transaction
 * that throws leaves the tables as they were), and only what the PostgreSQL store writes is kept
 * (touched progress, totals only when points or coins moved).
 */
export class InMemoryEngineStore implements EngineStore {
  tables: StoredTables = emptyTables();
  /** Transactions begun, committed or not. */
  transactions = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  /** The next transaction throws `error` when it persists (after loading), committing nothing. */
  failNextPersist(error: Error): void {
    this.failure = error;
  }

  batchTransaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  transaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    const run = async () => {
      this.transactions += 1;
      const before = structuredClone(this.tables);
      try {
        return await work(new InMemorySession(this.tables, () => this.takeFailure()));
      } catch (error) {
        this.tables = before;
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** A member's stored totals, or undefined when they have no profile. */
  totalsOf(userId: string): Totals | undefined {
    return this.tables.members.get(userId)?.totals;
  }

  erase(userId: string): void {
    this.tables.members.delete(userId);
    this.tables.erased.add(userId);
  }

  private takeFailure(): Error | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }
}

class InMemorySession implements EngineSession {
  constructor(
    private readonly tables: StoredTables,
    private readonly failure: () => Error | undefined,
  ) {}

  /** One version, the one the engine holds: the in-memory store keeps no rule versions. */
  async ruleVersionInForce(known: number): Promise<RuleVersionInForce> {
    return { id: known, document: null };
  }

  async load(request: LoadRequest): Promise<LoadedBatch> {
    const states = new Map<string, UserGameState>();
    const erased = new Set<string>();
    for (const userId of [...request.userIds].sort()) {
      if (this.tables.erased.has(userId)) erased.add(userId);
      const member = erased.has(userId) ? undefined : this.memberOrNew(userId, request.initialLevel);
      states.set(userId, { ...emptyUserState(userId, request.initialLevel), ...structuredClone(member?.totals) });
    }
    const copy = <T>(keys: MemberKeys, table: (member: StoredMember) => Map<string, T>, into: (state: UserGameState) => Map<string, T>) =>
      keys.userIds.forEach((userId, index) => {
        const value = this.tables.members.get(userId) && table(this.tables.members.get(userId)!).get(keys.keys[index]);
        if (value !== undefined) into(states.get(userId)!).set(keys.keys[index], structuredClone(value));
      });
    copy(
      request.achievementKeys,
      (member) => member.achievements,
      (state) => state.achievements,
    );
    copy(
      request.questKeys,
      (member) => member.quests,
      (state) => state.quests,
    );
    copy(
      request.ruleUsageKeys(states),
      (member) => member.ruleUsage,
      (state) => state.ruleUsage,
    );
    copy(
      request.streakKeys,
      (member) => new Map([...member.streaks].map(([key, row]) => [key, row.state])),
      (state) => state.streaks,
    );
    const processed = new Map<string, ProcessedRecord>();
    for (const key of request.eventKeys) {
      const record = this.tables.processed.get(eventKeyId(key));
      if (record) processed.set(eventKeyId(key), structuredClone(record));
    }
    return { states, processed, erased };
  }

  async persist({ events, states, notifications }: BatchEffects): Promise<void> {
    const failure = this.failure();
    if (failure) throw failure;
    for (const { evaluation, result, contentHash, hold } of events) {
      const { event } = evaluation;
      const state = states.get(event.userId)!;
      const member = this.tables.members.get(event.userId)!;
      this.tables.ledger.push(...evaluation.awards.map((award) => ({ ...award, userId: event.userId, eventId: event.id, eventType: event.type, occurredAt: event.timestamp })));
      if (evaluation.pointsAwarded > 0 || evaluation.coinsAwarded > 0) member.totals = totalsOf(state);
      for (const key of evaluation.touchedAchievements) member.achievements.set(key, structuredClone(state.achievements.get(key)!));
      for (const key of evaluation.touchedQuests) member.quests.set(key, structuredClone(state.quests.get(key)!));
      for (const key of evaluation.touchedRuleUsage) member.ruleUsage.set(key, structuredClone(state.ruleUsage.get(key)!));
      for (const update of evaluation.streakUpdates) {
        member.streaks.set(update.streak.key, { state: structuredClone(state.streaks.get(update.streak.key)!), nextCheckAt: update.nextCheckAt ?? null });
      }
      this.tables.rewards.push(...evaluation.rewards.map((grant) => ({ userId: event.userId, eventId: event.id, grant })));
      this.tables.coins.push(...evaluation.coinAwards.map((award) => ({ ...earnedCoins(event.id, award), userId: event.userId })));
      this.tables.processed.set(eventKeyId({ userId: event.userId, eventId: event.id }), { result, contentHash });
      this.tables.events.push(event);
      this.tables.statuses.set(eventKeyId({ userId: event.userId, eventId: event.id }), hold ? 'HELD' : 'ACCEPTED');
    }
    this.tables.outbox.push(...notifications);
  }

  async findAdjustment(userId: string, idempotencyKey: string): Promise<ManualAdjustmentRecord | null> {
    return this.tables.adjustments.get(`${userId}/${idempotencyKey}`) ?? null;
  }

  async persistMember(effects: MemberEffects): Promise<void> {
    const failure = this.failure();
    if (failure) throw failure;
    const { state, ledger } = effects;
    const member = this.memberOrNew(state.userId, state.level);
    this.tables.ledger.push(
      ...ledger.awards.map((award) => ({ ...award, userId: state.userId, eventId: ledger.eventId, eventType: ledger.eventType, occurredAt: ledger.occurredAt })),
    );
    if (effects.totals || effects.zone) member.totals = totalsOf(state);
    for (const key of effects.achievements) member.achievements.set(key, structuredClone(state.achievements.get(key)!));
    for (const { key, nextCheckAt } of effects.streaks) member.streaks.set(key, { state: structuredClone(state.streaks.get(key)!), nextCheckAt });
    this.tables.rewards.push(...effects.rewards.map((grant) => ({ userId: state.userId, eventId: ledger.eventId, grant })));
    this.tables.coins.push(...effects.coins.map((line) => ({ ...line, userId: state.userId })));
    this.tables.outbox.push(...effects.notifications);
    if (effects.adjustment) this.tables.adjustments.set(`${effects.adjustment.userId}/${effects.adjustment.idempotencyKey}`, effects.adjustment);
    if (effects.excuse) this.tables.excuses.push(effects.excuse);
  }

  async dueStreaks(now: Date, limit: number): Promise<{ userId: string; streakKey: string }[]> {
    const due = [...this.tables.members].flatMap(([userId, member]) =>
      [...member.streaks]
        .filter(([, row]) => row.nextCheckAt !== null && row.nextCheckAt <= now)
        .map(([streakKey, row]) => ({ userId, streakKey, at: row.nextCheckAt!.getTime() })),
    );
    return due
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map(({ userId, streakKey }) => ({ userId, streakKey }));
  }

  async findStoredEvents(eventId: string): Promise<StoredEventRecord[]> {
    return this.tables.events.filter((event) => event.id === eventId).map((event) => this.recordOf(event));
  }

  async findStoredEventsMatching(queries: readonly StoredEventQuery[]): Promise<(StoredEventRecord | null)[]> {
    return queries.map(({ userId, type, payload }) => {
      const matching = this.tables.events.filter((event) => event.userId === userId && event.type === type && this.statusOf(event) === 'ACCEPTED' && contains(event.data, payload));
      const latest = matching.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime())[0];
      return latest ? this.recordOf(latest) : null;
    });
  }

  async markRetracted(userId: string, eventIds: readonly string[]): Promise<void> {
    for (const eventId of eventIds) this.tables.statuses.set(eventKeyId({ userId, eventId }), 'RETRACTED');
  }

  async markReviewed(userId: string, eventId: string, review: { status: 'ACCEPTED' | 'REJECTED' }): Promise<void> {
    this.tables.statuses.set(eventKeyId({ userId, eventId }), review.status);
  }

  async loadMemberHistories(userIds: readonly string[], initialLevel: number): Promise<Map<string, MemberHistory>> {
    return new Map(userIds.map((userId) => [userId, this.memberHistory(userId, initialLevel)]));
  }

  /** Every event is replayable here (nothing is purged), processed at its own time. */
  private memberHistory(userId: string, initialLevel: number): MemberHistory {
    const member = this.memberOrNew(userId, initialLevel);
    const state: UserGameState = {
      ...emptyUserState(userId, initialLevel),
      ...structuredClone(member.totals),
      achievements: structuredClone(member.achievements),
      quests: structuredClone(member.quests),
      ruleUsage: structuredClone(member.ruleUsage),
      streaks: new Map([...member.streaks].map(([key, row]) => [key, structuredClone(row.state)])),
    };
    const entries: HistoryEntry[] = this.tables.events
      .filter((event) => event.userId === userId && this.statusOf(event) === 'ACCEPTED')
      .map((event) => ({ kind: 'event', event, processedAt: event.timestamp }));
    const lines = new Map<string, LedgerLineSum>();
    for (const line of this.tables.ledger.filter((entry) => entry.userId === userId)) {
      const source = line.sourceType === 'correction' ? line.sourceKey : `${line.sourceType}:${line.sourceKey}`;
      const key = ledgerLineKey(line.eventId, source);
      const journey = this.tables.events.find((event) => event.id === line.eventId)?.journey ?? 'user';
      lines.set(key, { eventId: line.eventId, eventType: line.eventType, journey, occurredAt: line.occurredAt, source, points: (lines.get(key)?.points ?? 0) + line.points });
    }
    const coinsByEvent = new Map<string, number>();
    for (const line of this.tables.coins.filter((entry) => entry.userId === userId && (entry.reason === 'EARNED' || entry.reason === 'CORRECTED'))) {
      coinsByEvent.set(line.eventId, (coinsByEvent.get(line.eventId) ?? 0) + line.amount);
    }
    const rewards = new Set(this.tables.rewards.filter((row) => row.userId === userId).map((row) => row.grant.reward.key));
    return { current: { state, lines, coinsByEvent, rewards }, entries, incomplete: null };
  }

  async findCorrection(userId: string, by: { idempotencyKey: string } | { retractedEventId: string }): Promise<CorrectionRecord | null> {
    const found = this.tables.corrections.find(
      (record) => record.userId === userId && ('idempotencyKey' in by ? record.idempotencyKey === by.idempotencyKey : record.eventId === by.retractedEventId),
    );
    return found ?? null;
  }

  async persistCorrections(corrections: readonly CorrectionWrite[]): Promise<void> {
    for (const write of corrections) this.persistCorrection(write);
  }

  private persistCorrection({ record, correction, notifications }: CorrectionWrite): void {
    const { state } = correction;
    const member = this.memberOrNew(state.userId, state.level);
    member.totals = totalsOf(state);
    for (const key of correction.achievements.upsert) member.achievements.set(key, structuredClone(state.achievements.get(key)!));
    for (const key of correction.achievements.remove) member.achievements.delete(key);
    for (const key of correction.quests.upsert) member.quests.set(key, structuredClone(state.quests.get(key)!));
    for (const key of correction.quests.remove) member.quests.delete(key);
    for (const key of correction.ruleUsage.upsert) member.ruleUsage.set(key, structuredClone(state.ruleUsage.get(key)!));
    for (const key of correction.ruleUsage.remove) member.ruleUsage.delete(key);
    for (const { key, nextCheckAt } of correction.streaks.nextChecks) member.streaks.set(key, { state: structuredClone(state.streaks.get(key)!), nextCheckAt });
    for (const key of correction.streaks.remove) member.streaks.delete(key);
    this.tables.ledger.push(
      ...correction.lines.map((line) => ({
        userId: state.userId,
        eventId: line.eventId,
        eventType: line.eventType,
        occurredAt: line.occurredAt,
        sourceType: 'correction' as const,
        sourceKey: line.source,
        points: line.points,
      })),
    );
    this.tables.coins.push(
      ...correction.coinLines.map(({ eventId, amount }) => ({
        userId: state.userId,
        eventId,
        amount,
        reason: 'CORRECTED' as const,
        sourceType: 'correction',
        sourceKey: record.id,
        remaining: Math.max(amount, 0),
        expiresAt: null,
      })),
    );
    this.tables.rewards = this.tables.rewards.filter((row) => row.userId !== state.userId || !correction.rewards.revoked.includes(row.grant.reward.key));
    this.tables.rewards.push(...correction.rewards.granted.map(({ grant, eventId }) => ({ userId: state.userId, eventId, grant })));
    this.tables.corrections.push(record);
    this.tables.outbox.push(...notifications);
  }

  private statusOf(event: IdentifiedEvent): StoredEventStatus {
    return this.tables.statuses.get(eventKeyId({ userId: event.userId, eventId: event.id })) ?? 'ACCEPTED';
  }

  private recordOf(event: IdentifiedEvent): StoredEventRecord {
    return { userId: event.userId, eventId: event.id, type: event.type, status: this.statusOf(event), occurredAt: event.timestamp, purged: false };
  }

  private memberOrNew(userId: string, initialLevel: number): StoredMember {
    let member = this.tables.members.get(userId);
    if (!member) {
      member = { totals: totalsOf(emptyUserState(userId, initialLevel)), achievements: new Map(), quests: new Map(), ruleUsage: new Map(), streaks: new Map() };
      this.tables.members.set(userId, member);
    }
    return member;
  }
}

function totalsOf(state: UserGameState): Totals {
  const { totalPoints, level, coins, pointsReachedAt, timeZone, zoneChange } = state;
  return structuredClone({ totalPoints, level, coins, pointsReachedAt, timeZone, zoneChange });
}

function emptyTables(): StoredTables {
  return {
    members: new Map(),
    processed: new Map(),
    erased: new Set(),
    ledger: [],
    coins: [],
    rewards: [],
    events: [],
    statuses: new Map(),
    corrections: [],
    outbox: [],
    adjustments: new Map(),
    excuses: [],
  };
}

/** Whether `data` holds `wanted` (PostgreSQL's `@>` on objects). */
function contains(data: unknown, wanted: Record<string, unknown>): boolean {
  if (typeof data !== 'object' || data === null) return false;
  return Object.entries(wanted).every(([key, value]) => {
    const held = (data as Record<string, unknown>)[key];
    return typeof value === 'object' && value !== null ? contains(held, value as Record<string, unknown>) : isDeepStrictEqual(held, value);
  });
}
