import type { EventResult } from '../contract';
import type { EventEvaluation } from '../game/evaluation';
import type { UserGameState } from '../game/user-state';

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
  /** Capped-rule counters the batch may touch (`ruleUsageKey`s). */
  ruleUsageKeys: MemberKeys;
  /** Achievement and quest progress the batch's events read. */
  achievementKeys: MemberKeys;
  questKeys: MemberKeys;
  /** Level of a brand-new profile with 0 points. */
  initialLevel: number;
}

export interface LoadedBatch {
  states: Map<string, UserGameState>;
  /** First results of events already processed, by `eventKeyId`. */
  processed: Map<string, EventResult>;
  /** Members of the batch who were erased: their events are dropped (and nothing of them is kept). */
  erased: ReadonlySet<string>;
}

export interface CommittedEvent {
  evaluation: EventEvaluation;
  result: EventResult;
}

/** A batch's effects: its newly processed events and the final state of the members they touched. */
export interface BatchEffects {
  events: CommittedEvent[];
  states: ReadonlyMap<string, UserGameState>;
  committedAt: Date;
}

/** One transaction's view of the store: load and lock a batch's members, then persist its effects. */
export interface EngineSession {
  load(request: LoadRequest): Promise<LoadedBatch>;
  persist(effects: BatchEffects): Promise<void>;
}

/** The engine's port to its source of truth. Work runs in one transaction, all or nothing. */
export interface EngineStore {
  transaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T>;
}

export function eventKeyId(key: EventKey): string {
  return `${key.userId}/${key.eventId}`;
}
