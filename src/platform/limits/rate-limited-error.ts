import { ErrorCategory, GamificationError } from '../../errors';

/**
 * The caller went over a rate limit (category BUSINESS_RULE, code `RATE_LIMITED`, HTTP 429).
 * Retriable: the same request succeeds once the window has moved on.
 */
export class RateLimitedError extends GamificationError {
  override readonly name = 'RateLimitedError';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, ErrorCategory.BUSINESS_RULE, 'RATE_LIMITED', { retriable: true });
  }
}
