import type { CurrentMember } from './member-correction';
import type { HistoryEntry } from './member-history';

/**
 * What the event store and a member's corrections hold, as the engine's port (EngineSession)
 * reads and writes them.
 */

/** Whether a stored event counts: accepted (its effects apply), retracted (kept, no effect), held (waiting for a review). */
export type StoredEventStatus = 'ACCEPTED' | 'RETRACTED' | 'HELD' | 'REJECTED';

/** An event of the event store, without its payload. */
export interface StoredEventRecord {
  userId: string;
  eventId: string;
  type: string;
  status: StoredEventStatus;
  occurredAt: Date;
  /** The retention purge removed its payload: it can no longer be replayed. */
  purged: boolean;
}

/** Which stored event a rules-driven retraction looks for. */
export interface StoredEventQuery {
  userId: string;
  type: string;
  payload: Record<string, unknown>;
}

/** Everything a member's recompute reads, loaded under the member's lock. */
export interface MemberHistory {
  current: CurrentMember;
  /** The accepted events still replayable, and the manual inputs. */
  entries: HistoryEntry[];
  /** Why the history cannot be replayed whole (events processed before the store kept them, or purged), or null. */
  incomplete: string | null;
}

/** Why a member was recomputed: an event retracted, a held event released, or a rule version's backfill. */
export type CorrectionCause = 'RETRACTION' | 'RULES' | 'RELEASE';

/** A recompute that changed a member, as recorded (and answered again to a repeat of its key). */
export interface CorrectionRecord {
  id: string;
  userId: string;
  idempotencyKey: string;
  cause: CorrectionCause;
  /** The event retracted or released, else null. */
  eventId: string | null;
  reason: string;
  principal: string;
  pointsDelta: number;
  totalPoints: number;
  level: number;
  coinsDelta: number;
  achievementsRevoked: string[];
  achievementsGained: string[];
  questsRevoked: string[];
  rewardsRevoked: string[];
  createdAt: Date;
}
