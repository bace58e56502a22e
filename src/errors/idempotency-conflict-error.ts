import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/**
 * An event reused the id of an event already processed for its member, with other content
 * (category VALIDATION, code `IDEMPOTENCY_CONFLICT`, not retriable; HTTP 409). Only an identical
 * repeat is a duplicate: a producer that reuses ids by mistake finds out instead of being told
 * the first event's result.
 */
export class IdempotencyConflictError extends GamificationError {
  override readonly name = 'IdempotencyConflictError';

  constructor(eventId: string, options: GamificationErrorOptions = {}) {
    super(
      `id: ${JSON.stringify(eventId)} was already used for an event with other content; nothing was recorded (give each new event a new id)`,
      ErrorCategory.VALIDATION,
      'IDEMPOTENCY_CONFLICT',
      options,
    );
  }
}
