/**
 * Broad family of a failure. Drives retry policy (see {@link isRetriableCategory}),
 * dead-letter routing and the error code exposed to API clients.
 */
export enum ErrorCategory {
  /** The caller sent something malformed; retrying the same input cannot succeed. */
  VALIDATION = 'VALIDATION',
  /** The input is well formed but a game rule forbids the operation. */
  BUSINESS_RULE = 'BUSINESS_RULE',
  /** The database failed or refused the statement. */
  DATABASE = 'DATABASE',
  /** A remote service could not be reached or dropped the connection. */
  NETWORK = 'NETWORK',
  /** The caller is not authenticated or not allowed to do this. */
  AUTHORIZATION = 'AUTHORIZATION',
  /** A bug or broken invariant inside the engine. */
  INTERNAL = 'INTERNAL',
  /** Anything that could not be classified. */
  UNKNOWN = 'UNKNOWN',
}

/**
 * Whether failures of this category are transient by default and worth retrying
 * (with backoff): only {@link ErrorCategory.DATABASE} and {@link ErrorCategory.NETWORK}.
 */
export function isRetriableCategory(category: ErrorCategory): boolean {
  return category === ErrorCategory.DATABASE || category === ErrorCategory.NETWORK;
}
