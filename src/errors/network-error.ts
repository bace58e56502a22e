import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** Options of {@link NetworkError}. */
export interface NetworkErrorOptions extends GamificationErrorOptions {
  /** The Node.js system error code, when known, e.g. `'ECONNREFUSED'`. */
  readonly systemCode?: string;
}

/** A remote service could not be reached (category NETWORK, code `NETWORK_ERROR`, retriable). */
export class NetworkError extends GamificationError {
  override readonly name = 'NetworkError';
  /** The Node.js system error code, when known. */
  readonly systemCode?: string;

  constructor(message: string, options: NetworkErrorOptions = {}) {
    super(message, ErrorCategory.NETWORK, 'NETWORK_ERROR', options);
    if (options.systemCode !== undefined) this.systemCode = options.systemCode;
  }
}
