import { ErrorCategory } from './error-category';
import { GamificationError, type GamificationErrorOptions } from './gamification-error';

/** Why a correction was refused; the GraphQL `extensions.code`. */
export type CorrectionRefusal = 'NOT_FOUND' | 'FAILED_PRECONDITION';

/**
 * A correction the store cannot make: no stored event has the id (NOT_FOUND), or the member's
 * history cannot be replayed whole (FAILED_PRECONDITION: the event or earlier ones past
 * EVENT_RETENTION_DAYS, or processed before the event store kept them). Not retriable; nothing changed.
 */
export class CorrectionRefusedError extends GamificationError {
  override readonly name = 'CorrectionRefusedError';

  constructor(
    readonly refusal: CorrectionRefusal,
    message: string,
    options: GamificationErrorOptions = {},
  ) {
    super(message, ErrorCategory.BUSINESS_RULE, refusal, options);
  }
}
