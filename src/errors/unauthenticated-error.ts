import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/**
 * The caller did not prove who they are: missing, expired or invalid credentials
 * (category AUTHORIZATION, code `UNAUTHENTICATED`, not retriable).
 */
export class UnauthenticatedError extends GamificationError {
  override readonly name = 'UnauthenticatedError';

  constructor(message = 'Unauthenticated', options: GamificationErrorOptions = {}) {
    super(message, ErrorCategory.AUTHORIZATION, 'UNAUTHENTICATED', options);
  }
}
