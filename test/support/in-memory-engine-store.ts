import type { IdentifiedEvent, PointsAward, RewardGrant } from '../../src/engine/game/evaluation';
import { emptyUserState, type AchievementProgress, type QuestProgress, type RuleUsage, type UserGameState } from '../../src/engine/game/user-state';
import type { PendingNotification } from '../../src/engine/notifications/notification';
import {
  earnedCoins,
  eventKeyId,
  type BatchEffects,
  type CoinLedgerLine,
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

export interface StoredLedgerLine extends PointsAward {
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
  /** The event store: every accepted event, in commit order. */
  events: IdentifiedEvent[];
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
    for (const { evaluation, result, contentHash } of events) {
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
  return { members: new Map(), processed: new Map(), erased: new Set(), ledger: [], coins: [], rewards: [], events: [], outbox: [], adjustments: new Map(), excuses: [] };
}
