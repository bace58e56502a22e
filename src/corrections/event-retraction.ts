import { checkReasonAndKey } from '../engine/adjustments/member-adjustments';
import { classifyError, CorrectionRefusedError, ValidationError } from '../errors';
import { levelFor } from '../engine/game/levels';
import type { RulesInForce } from '../engine/gamification-engine';
import type { MemberRecompute } from '../engine/member-recompute';
import type { CorrectionRecord } from '../engine/recompute/correction-record';
import { lockOnlyRequest, type EngineStore } from '../engine/store/engine-store';

export interface RetractEventInput {
  eventId: string;
  reason: string;
  idempotencyKey: string;
}

/**
 * Retracts an event: in one transaction under its member's lock, the event stays stored marked
 * retracted (who, when, why) and the member is recomputed without it; the difference is written
 * as a correction. Retracting again (by key, or the same event under another key) changes nothing
 * and returns the first correction. No stored event with the id: NOT_FOUND; its payload past
 * EVENT_RETENTION_DAYS, or a member whose history cannot be replayed whole: FAILED_PRECONDITION.
 */
export class EventRetraction {
  constructor(
    private readonly store: EngineStore,
    private readonly rules: RulesInForce,
    private readonly recompute: MemberRecompute,
  ) {}

  async retract(principal: string, input: RetractEventInput): Promise<CorrectionRecord> {
    checkInput(input);
    try {
      return await this.store.transaction(async (session) => {
        const game = await this.rules.forTransaction(session);
        const [found, ...others] = await session.findStoredEvents(input.eventId);
        if (!found)
          throw new CorrectionRefusedError('NOT_FOUND', `no stored event has the id "${input.eventId}" (events leave the store with their month once past EVENT_RETENTION_DAYS)`);
        if (others.length > 0) throw new ValidationError('eventId', `names events of ${others.length + 1} members; ask for the retraction with the member's own event id`);
        await session.load(lockOnlyRequest([found.userId], levelFor(0, game.levels)));
        const byKey = await session.findCorrection(found.userId, { idempotencyKey: input.idempotencyKey });
        if (byKey) {
          if (byKey.eventId !== input.eventId) throw new ValidationError('idempotencyKey', 'was already used for another correction');
          return byKey;
        }
        const [event] = await session.findStoredEvents(input.eventId);
        if (event.status === 'RETRACTED') {
          const first = await session.findCorrection(found.userId, { retractedEventId: input.eventId });
          if (first) return first;
        }
        if (event.purged) {
          throw new CorrectionRefusedError(
            'FAILED_PRECONDITION',
            `event "${input.eventId}" is older than EVENT_RETENTION_DAYS: its payload was purged and it can no longer be retracted`,
          );
        }
        if (event.status === 'HELD') throw new CorrectionRefusedError('FAILED_PRECONDITION', `event "${input.eventId}" is held for review: reject it instead`);
        const { record } = await this.recompute.recomputeIn(
          session,
          found.userId,
          game,
          { cause: 'RETRACTION', eventId: input.eventId, reason: input.reason, principal, idempotencyKey: input.idempotencyKey },
          { write: true, retract: { eventIds: [input.eventId], by: principal, reason: input.reason } },
        );
        return record!;
      });
    } catch (error) {
      throw classifyError(error);
    }
  }
}

function checkInput({ eventId, reason, idempotencyKey }: RetractEventInput): void {
  if (eventId.length === 0 || eventId.length > 200) throw new ValidationError('eventId', '1 to 200 characters');
  checkReasonAndKey(reason, idempotencyKey);
}
