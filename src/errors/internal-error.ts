import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** A bug or broken invariant in the engine (category INTERNAL, code `INTERNAL_SERVER_ERROR`, not retriable). */
export class InternalError extends GamificationError {
  override readonly name = 'InternalError';

  constructor(message: string, options: GamificationErrorOptions = {}) {
    super(message, ErrorCategory.INTERNAL, 'INTERNAL_SERVER_ERROR', options);
  }
}
