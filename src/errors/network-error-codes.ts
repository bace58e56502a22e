/**
 * Node.js system error codes (`err.code`) that mean a remote peer could not be reached or
 * dropped the connection. All are transient.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether `code` is a Node.js system error code for a network failure. */
export function isNetworkErrorCode(code: unknown): code is string {
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}
