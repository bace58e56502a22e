/** How a failed delivery is retried (WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_MS, WEBHOOK_MAX_ATTEMPTS). */
export interface RetrySettings {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * The wait before attempt `attempt + 1` after `attempt` attempts failed, or undefined when that
 * was the last one. Delays grow geometrically from `baseMs` so that the last retry waits `maxMs`
 * (defaults: 5 s, 20 s, 81 s, 5.5 min, 22 min, 1.5 h, 6 h), each drawn between half and all of
 * that ("equal jitter") so endpoints that failed together do not retry together. A Retry-After
 * the endpoint asked for is a floor: never sooner than asked, never later than `maxMs`.
 */
export function retryDelayMs(attempt: number, settings: RetrySettings, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
  if (attempt >= settings.maxAttempts) return undefined;
  const retries = settings.maxAttempts - 1;
  const growth = retries > 1 && settings.maxMs > settings.baseMs ? Math.pow(settings.maxMs / settings.baseMs, 1 / (retries - 1)) : 1;
  const delay = Math.min(settings.maxMs, settings.baseMs * Math.pow(growth, attempt - 1));
  const jittered = Math.round(delay / 2 + (random() * delay) / 2);
  return retryAfterMs === undefined ? jittered : Math.min(settings.maxMs, Math.max(jittered, retryAfterMs));
}

/** A Retry-After header (delay-seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
