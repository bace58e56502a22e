import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/**
 * The caller is authenticated but not allowed to do this
 * (category AUTHORIZATION, code `FORBIDDEN`, not retriable).
 */
export class AuthorizationError extends GamificationError {
  override readonly name = 'AuthorizationError';

  constructor(message = 'Forbidden', options: GamificationErrorOptions = {}) {
    super(message, ErrorCategory.AUTHORIZATION, 'FORBIDDEN', options);
  }
}
