import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger';

/**
 * An ioredis client that never crashes the process when Redis is away: it reconnects with
 * capped backoff, fails commands fast while disconnected (no unbounded offline queue), and logs
 * state changes once. Callers treat a failed command as "Redis degraded" and carry on.
 * Commands issued in the same event-loop turn (rate-limit checks of concurrent requests, a
 * relay batch's publishes) go out in one write (auto-pipelining).
 */
export function createRedisClient(url: string, logger: Logger, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 2000),
    enableAutoPipelining: true,
    ...options,
  });
  let healthy = true;
  client.on('ready', () => {
    if (!healthy) logger.info({ redis: redactUrl(url) }, 'redis reconnected');
    healthy = true;
  });
  client.on('error', (error: Error) => {
    if (healthy) logger.warn({ redis: redactUrl(url), errorMessage: error.message, errorCategory: 'NETWORK' }, 'redis unavailable');
    healthy = false;
  });
  return client;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
