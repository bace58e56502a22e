import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CorrectionRefusedError } from '../errors';
import type { IdentifiedEvent } from './game/evaluation';
import { levelFor } from './game/levels';
import { correctionNotifications } from './notifications/correction-notifications';
import type { CompiledGame } from './rules/compiled-game';
import type { CorrectionCause, CorrectionRecord, StoredEventQuery } from './recompute/correction-record';
import type { CorrectionWrite, EngineSession } from './store/engine-store';
import { correctionOf, type MemberCorrection } from './recompute/member-correction';
import { recomputeMember } from './recompute/recompute-member';

export interface MemberRecomputeOptions {
  /** The deployment's TIMEZONE. */
  timeZone: string;
  lateEventGraceMs?: number;
  now?: () => Date;
}

/** Why a member is recomputed, as its correction records it. */
export interface RecomputeCause {
  cause: CorrectionCause;
  /** The event retracted or released, else null. */
  eventId: string | null;
  reason: string;
  principal: string;
  /** The correction's idempotency key (one correction per member and key). */
  idempotencyKey: string;
}

/** What a recompute is asked to do besides replaying: write its result, notify, retract events (replay without them, mark them retracted). */
export interface RecomputeMode {
  write: boolean;
  notify?: boolean;
  retract?: { eventIds: readonly string[]; by: string; reason: string };
}

export interface RecomputeOutcome {
  correction: MemberCorrection;
  /** The record written; null on a dry run or when nothing changed. */
  record: CorrectionRecord | null;
}

/** One member of several recomputed together: their outcome, or why their history cannot be replayed whole (they are left as they are). */
export type MemberRecomputeResult = RecomputeOutcome | { refused: string };

/**
 * A member's recompute inside the caller's transaction: locks the member, replays their retained
 * history under `game` from a clean state, and (with `write`) writes only the difference to
 * today's state, with its correction record and notifications (`notify: false` writes no
 * notifications, for a quiet backfill). A member whose history cannot be replayed whole (events
 * processed before the event store, or purged past EVENT_RETENTION_DAYS) is refused:
 * FAILED_PRECONDITION. Deterministic; a second run finds nothing to change.
 */
export class MemberRecompute {
  constructor(private readonly options: MemberRecomputeOptions) {}

  async recomputeIn(session: EngineSession, userId: string, game: CompiledGame, cause: RecomputeCause, mode: RecomputeMode): Promise<RecomputeOutcome> {
    const result = (await this.recomputeMembersIn(session, [userId], game, cause, mode)).get(userId)!;
    if ('refused' in result) throw new CorrectionRefusedError('FAILED_PRECONDITION', result.refused);
    return result;
  }

  /**
   * Several members' recomputes at once, each exactly as `recomputeIn` does it alone: the members
   * are locked together (in user_id order, as a batch of events locks them) and their histories
   * read in one round trip, and the corrections of those that changed are written together. A
   * member refused is left as they are and answered as such; the others go on.
   */
  async recomputeMembersIn(
    session: EngineSession,
    userIds: readonly string[],
    game: CompiledGame,
    cause: RecomputeCause,
    { write, notify = true, retract }: RecomputeMode,
  ): Promise<Map<string, MemberRecomputeResult>> {
    const histories = await session.loadMemberHistories(userIds, levelFor(0, game.levels));
    const now = this.now();
    const retracted = new Set(retract?.eventIds ?? []);
    const results = new Map<string, MemberRecomputeResult>();
    const writes: CorrectionWrite[] = [];
    for (const [index, userId] of userIds.entries()) {
      // A member's replay is CPU only: the event loop gets a turn between members, so the process's other work (live events) is never held up by a whole chunk.
      if (index > 0) await yieldToEventLoop();
      const history = histories.get(userId)!;
      if (history.incomplete !== null) {
        results.set(userId, { refused: `cannot recompute member ${userId}: ${history.incomplete}` });
        continue;
      }
      const entries = retracted.size === 0 ? history.entries : history.entries.filter((entry) => entry.kind !== 'event' || !retracted.has(entry.event.id));
      const recomputed = recomputeMember(userId, entries, game, { timeZone: this.options.timeZone, lateEventGraceMs: this.options.lateEventGraceMs, now });
      const correction = correctionOf(history.current, recomputed, game);
      if (!write || (!correction.changed && retract === undefined)) {
        results.set(userId, { correction, record: null });
        continue;
      }
      const record = correctionRecord(userId, cause, correction, now);
      writes.push({ record, correction, notifications: notify ? correctionNotifications(record, correction, game) : [] });
      results.set(userId, { correction, record });
    }
    if (retract) for (const { record } of writes) await session.markRetracted(record.userId, retract.eventIds, { by: retract.by, reason: retract.reason, at: now });
    if (writes.length > 0) await session.persistCorrections(writes);
    return results;
  }

  /**
   * Retracts, for each of the events just committed that announces a correction (`retractions:`
   * in the rules), the member's latest earlier accepted event of the type it retracts with the
   * same fields, and recomputes each member concerned once. Runs in the events' transaction,
   * after they were written: the recompute sees them.
   */
  async retractByRules(session: EngineSession, events: readonly IdentifiedEvent[], game: CompiledGame): Promise<CorrectionRecord[]> {
    const wanted: { query: StoredEventQuery; by: IdentifiedEvent }[] = [];
    for (const event of events) {
      for (const { retracts, match } of game.retractionsByEvent.get(event.type) ?? []) {
        const payload = containment(event.data, match);
        if (payload !== null) wanted.push({ query: { userId: event.userId, type: retracts, payload }, by: event });
      }
    }
    if (wanted.length === 0) return [];
    const targets = await session.findStoredEventsMatching(wanted.map(({ query }) => query));
    const byMember = new Map<string, { targetId: string; by: IdentifiedEvent }[]>();
    wanted.forEach(({ by }, index) => {
      const target = targets[index];
      if (target === null || target.occurredAt > by.timestamp) return;
      byMember.set(by.userId, [...(byMember.get(by.userId) ?? []), { targetId: target.eventId, by }]);
    });
    const records: CorrectionRecord[] = [];
    for (const [userId, retracted] of byMember) {
      const reason = retracted.map(({ by }) => `retracted by ${by.type} ${by.id}`).join('; ');
      const eventIds = retracted.map(({ targetId }) => targetId);
      const cause: RecomputeCause = { cause: 'RETRACTION', eventId: eventIds[0], reason, principal: 'rules', idempotencyKey: `rules:${eventIds.join(',')}` };
      try {
        const { record } = await this.recomputeIn(session, userId, game, cause, { write: true, retract: { eventIds, by: 'rules', reason } });
        if (record) records.push(record);
      } catch (error) {
        // A member whose history cannot be replayed whole keeps what the earlier event gave; the announcing event still counts.
        if (!(error instanceof CorrectionRefusedError)) throw error;
      }
    }
    return records;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function correctionRecord(userId: string, cause: RecomputeCause, correction: MemberCorrection, now: Date): CorrectionRecord {
  return {
    id: randomUUID(),
    userId,
    idempotencyKey: cause.idempotencyKey,
    cause: cause.cause,
    eventId: cause.eventId,
    reason: cause.reason,
    principal: cause.principal,
    pointsDelta: correction.pointsDelta,
    totalPoints: correction.state.totalPoints,
    level: correction.state.level,
    coinsDelta: correction.coinsDelta,
    achievementsRevoked: correction.achievements.revoked,
    achievementsGained: correction.achievements.gained,
    questsRevoked: correction.quests.revoked,
    rewardsRevoked: correction.rewards.revoked,
    createdAt: now,
  };
}

/** The `@>` object of the payload's `match` fields (`a.b` → `{ a: { b: value } }`); null when one is missing. */
function containment(data: Record<string, unknown>, match: readonly string[]): Record<string, unknown> | null {
  const contained: Record<string, unknown> = {};
  for (const path of match) {
    const parts = path.split('.');
    let value: unknown = data;
    for (const part of parts) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined || value === null) return null;
    let target = contained;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return contained;
}
