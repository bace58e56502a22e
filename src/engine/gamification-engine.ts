import { classifyError, contentHashOf, parseEvent, ValidationError, type EventResult, type Producer } from '../contract';
import { IdempotencyConflictError, MemberErasedError } from '../errors';
import { evaluateEvent, ruleUsageKeysFor } from './game/evaluate-event';
import type { EventEvaluation, IdentifiedEvent } from './game/evaluation';
import { levelFor } from './game/levels';
import { MemberRecompute } from './member-recompute';
import { notificationsFor } from './notifications/notifications-for';
import type { CompiledGame } from './rules/compiled-game';
import type { UserGameState } from './game/user-state';
import { eventKeyId, type CommittedEvent, type EngineSession, type EngineStore, type LoadedBatch, type MemberKeys, type ProcessedRecord } from './store/engine-store';

/** One event handed to the engine, as its producer sent it. */
export interface EventInput {
  raw: unknown;
  /** The idempotency key to use when the event carries no `id` (Kafka: topic-partition-offset). */
  fallbackId: string;
  /** Who sent it (a member's token, or a back end: service token, Kafka): decides how old it may be. */
  producer: Producer;
  /** Dead-letter re-processing: the event's age was judged when it was first sent, so it is not held against it now. */
  replay?: boolean;
  /** The door stamped the timestamp (the producer sent none): it is left out of the content a repeat is compared by. */
  stampedTime?: boolean;
}

export type ProcessOutcome =
  | { status: 'processed' | 'duplicate'; event: IdentifiedEvent; result: EventResult; evaluation?: EventEvaluation }
  /** Invalid, or its id was already used for other content: nothing committed. */
  | { status: 'rejected'; error: ValidationError | IdempotencyConflictError }
  /** The event's member was erased: nothing committed, the member not recreated. */
  | { status: 'dropped'; event: IdentifiedEvent; reason: 'member-erased' };

/** The engine's entry point as the doors and their wrappers (metrics, group commit, relay wake-up) pass it on. */
export type ProcessBatch = (inputs: readonly EventInput[]) => Promise<ProcessOutcome[]>;

export type AcceptedOutcome = Extract<ProcessOutcome, { status: 'processed' | 'duplicate' }>;

/** For a door answering one caller: the accepted outcome, or the error a rejected or dropped event means. */
export function acceptedOrThrow(outcome: ProcessOutcome): AcceptedOutcome {
  if (outcome.status === 'rejected') throw outcome.error;
  if (outcome.status === 'dropped') throw new MemberErasedError();
  return outcome;
}

export interface EngineOptions {
  timeZone: string;
  /** Events older than this still earn rule points but change no streak or goal period that is over. */
  lateEventGraceMs?: number;
  maxPayloadBytes: number;
  maxFutureSkewMs: number;
  /** How old an event's timestamp may be, in ms, per producer (members: days; services backfill longer). */
  maxEventAgeMs: Readonly<Record<Producer, number>>;
  now?: () => Date;
}

/** Supplies the rules in force as this process last saw them; a publish swaps what it returns. */
export type GameSource = () => CompiledGame;

/** The rules a transaction evaluates under (`VersionedRules` over PostgreSQL). */
export interface RulesInForce {
  /** As this process last saw them: for reads and titles, between transactions. */
  readonly current: GameSource;
  /** The version in force for this transaction, held in force until it ends. */
  forTransaction(session: EngineSession): Promise<CompiledGame>;
}

/**
 * The only place that decides anything. Both doors (GraphQL/REST and the Kafka worker) call
 * `process` with a batch; the batch commits in one transaction, so each event's effect is all
 * or nothing, replays return the first result, and a member's events apply in input order.
 */
export class GamificationEngine {
  private readonly recompute: MemberRecompute;

  constructor(
    private readonly store: EngineStore,
    private readonly rules: RulesInForce,
    private readonly options: EngineOptions,
  ) {
    this.recompute = new MemberRecompute(options);
  }

  /**
   * Validates, evaluates and commits a batch. Invalid events come back `rejected` and change
   * nothing, events of erased members `dropped`; the rest commit together. Throws a classified GamificationError when the store
   * fails (retriable ones: database or network), in which case nothing of the batch committed.
   */
  async process(inputs: readonly EventInput[]): Promise<ProcessOutcome[]> {
    const outcomes = new Array<ProcessOutcome | undefined>(inputs.length);
    const accepted: (AcceptedEvent & { index: number })[] = [];
    const now = this.now();
    inputs.forEach((input, index) => {
      try {
        const event = parseEvent(input.raw, {
          now,
          maxFutureSkewMs: this.options.maxFutureSkewMs,
          maxPayloadBytes: this.options.maxPayloadBytes,
          maxAgeMs: input.replay ? undefined : this.options.maxEventAgeMs[input.producer],
        });
        event.id ??= input.fallbackId;
        accepted.push({ index, event: event as IdentifiedEvent, contentHash: contentHashOf(event, { stampedTime: input.stampedTime }) });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw classifyError(error);
        outcomes[index] = { status: 'rejected', error };
      }
    });
    if (accepted.length > 0) {
      const decided = await this.commit(accepted);
      accepted.forEach((entry, position) => (outcomes[entry.index] = decided[position]));
    }
    return outcomes as ProcessOutcome[];
  }

  private async commit(accepted: AcceptedEvent[]): Promise<ProcessOutcome[]> {
    try {
      return await this.store.batchTransaction(async (session) => (await this.commitIn(session, accepted, await this.rules.forTransaction(session))).outcomes);
    } catch (error) {
      throw classifyError(error);
    }
  }

  /**
   * Records an event the engine produces itself (REWARD_REDEEMED for a redemption, which a
   * member may not send) inside the caller's transaction, so it commits with the caller's change
   * or not at all. `prepare` runs once the member is locked and loaded, before the event is
   * evaluated: it may change the member's state (a debit) or throw to abort everything. The
   * event's id is its idempotency key: a repeat comes back `duplicate`, changing nothing.
   */
  async recordOwnEvent<T>(
    session: EngineSession,
    raw: Record<string, unknown> & { id: string },
    prepare: (loaded: LoadedBatch) => Promise<T>,
  ): Promise<{ outcome: ProcessOutcome; prepared: T }> {
    const event = { ...parseEvent(raw, { now: this.now(), maxFutureSkewMs: this.options.maxFutureSkewMs, maxPayloadBytes: this.options.maxPayloadBytes }), id: raw.id };
    const { outcomes, prepared } = await this.commitIn(session, [{ event, contentHash: contentHashOf(event, {}) }], await this.rules.forTransaction(session), prepare);
    return { outcome: outcomes[0], prepared: prepared as T };
  }

  /** Loads and locks the events' members, lets `prepare` look (and change), decides, and persists: one transaction's work. */
  private async commitIn<T>(
    session: EngineSession,
    accepted: AcceptedEvent[],
    game: CompiledGame,
    prepare?: (loaded: LoadedBatch) => Promise<T>,
  ): Promise<{ outcomes: ProcessOutcome[]; prepared: T | undefined }> {
    const events = accepted.map((entry) => entry.event);
    const loaded = await session.load({
      userIds: [...new Set(events.map((event) => event.userId))],
      eventKeys: events.map((event) => ({ userId: event.userId, eventId: event.id })),
      ruleUsageKeys: (states) => keysByUser(events, (event) => ruleUsageKeysFor(event, game, states.get(event.userId)!, this.options.timeZone)),
      achievementKeys: keysByUser(events, (event) => game.progressKeysByEvent.get(event.type)?.achievements ?? []),
      questKeys: keysByUser(events, (event) => game.progressKeysByEvent.get(event.type)?.quests ?? []),
      streakKeys: keysByUser(events, (event) => game.progressKeysByEvent.get(event.type)?.streaks ?? []),
      initialLevel: levelFor(0, game.levels),
    });
    const prepared = prepare ? await prepare(loaded) : undefined;
    const committedAt = this.now();
    const { outcomes, committed } = this.decide(accepted, loaded, game, committedAt);
    const notifications = committed.flatMap(({ evaluation }) => notificationsFor(evaluation, committedAt));
    await session.persist({ events: committed, states: loaded.states, notifications, committedAt });
    if (game.retractionsByEvent.size > 0)
      await this.recompute.retractByRules(
        session,
        committed.map(({ evaluation }) => evaluation.event),
        game,
      );
    return { outcomes, prepared };
  }

  /**
   * Processes each event once: a repeat of an id already processed (before, or earlier in the
   * batch) is a duplicate when its content is the same, a conflict when it is not. A record kept
   * before content hashes were (no hash) counts as the same.
   */
  private decide(accepted: AcceptedEvent[], loaded: LoadedBatch, game: CompiledGame, now: Date) {
    const context = { timeZone: this.options.timeZone, now, lateEventGraceMs: this.options.lateEventGraceMs };
    const outcomes: ProcessOutcome[] = [];
    const committed: CommittedEvent[] = [];
    const seen = new Map<string, ProcessedRecord>(loaded.processed);
    for (const { event, contentHash } of accepted) {
      if (loaded.erased.has(event.userId)) {
        outcomes.push({ status: 'dropped', event, reason: 'member-erased' });
        continue;
      }
      const key = eventKeyId({ userId: event.userId, eventId: event.id });
      const first = seen.get(key);
      if (first) {
        if (first.contentHash !== null && first.contentHash !== contentHash) outcomes.push({ status: 'rejected', error: new IdempotencyConflictError(event.id) });
        else outcomes.push({ status: 'duplicate', event, result: { ...first.result, duplicate: true } });
        continue;
      }
      const state = loaded.states.get(event.userId)!;
      const hold = game.holdsByEvent.get(event.type)?.find((candidate) => candidate.matches(event));
      const evaluation = hold ? heldEvaluation(state, event) : evaluateEvent(state, event, game, context);
      const result = hold ? { ...resultOf(evaluation), held: true } : resultOf(evaluation);
      seen.set(key, { result, contentHash });
      const entry: CommittedEvent = { evaluation, result, contentHash };
      if (hold) entry.hold = { key: hold.key, reason: hold.reason };
      committed.push(entry);
      outcomes.push({ status: 'processed', event, result, evaluation });
    }
    return { outcomes, committed };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** A valid event on its way to the store, with the fingerprint of its content. */
interface AcceptedEvent {
  event: IdentifiedEvent;
  contentHash: string;
}

/** The distinct (member, key) pairs the events name. */
function keysByUser(events: readonly IdentifiedEvent[], keysOf: (event: IdentifiedEvent) => readonly string[]): MemberKeys {
  const seen = new Set<string>();
  const pairs: MemberKeys = { userIds: [], keys: [] };
  for (const event of events) {
    for (const key of keysOf(event)) {
      const pair = `${event.userId} ${key}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      pairs.userIds.push(event.userId);
      pairs.keys.push(key);
    }
  }
  return pairs;
}

/** A held event's evaluation: nothing changes until it is released. */
function heldEvaluation(state: UserGameState, event: IdentifiedEvent): EventEvaluation {
  return {
    event,
    awards: [],
    pointsAwarded: 0,
    totalPoints: state.totalPoints,
    coinAwards: [],
    coinsAwarded: 0,
    previousLevel: state.level,
    level: state.level,
    unlocked: [],
    completed: [],
    rewards: [],
    streakUpdates: [],
    touchedAchievements: [],
    touchedQuests: [],
    touchedRuleUsage: [],
    touchedStreaks: [],
  };
}

function resultOf(evaluation: EventEvaluation): EventResult {
  return {
    eventId: evaluation.event.id,
    duplicate: false,
    pointsAwarded: evaluation.pointsAwarded,
    totalPoints: evaluation.totalPoints,
    level: evaluation.level,
    coinsAwarded: evaluation.coinsAwarded,
    unlockedAchievements: evaluation.unlocked.map(({ achievement, tier, points }) => ({
      key: achievement.key,
      title: achievement.title,
      description: achievement.description ?? null,
      points,
      tier,
    })),
    completedQuests: evaluation.completed.map((q) => ({ key: q.key, title: q.title, points: q.points })),
    rewardsGranted: evaluation.rewards.map((grant) => ({ key: grant.reward.key, title: grant.reward.title })),
  };
}
