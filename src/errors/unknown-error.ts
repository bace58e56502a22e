import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** A failure that could not be classified (category UNKNOWN, code `UNKNOWN_ERROR`, not retriable). */
export class UnknownError extends GamificationError {
  override readonly name = 'UnknownError';

  constructor(message: string, options: GamificationErrorOptions = {}) {
    super(message, ErrorCategory.UNKNOWN, 'UNKNOWN_ERROR', options);
  }
}
