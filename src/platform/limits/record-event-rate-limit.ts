import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { EventInput, ProcessOutcome } from '../../engine/gamification-engine';
import { RateLimitedError } from './rate-limited-error';

export interface RecordEventRateLimitOptions {
  /** Events one member may record per window (RECORD_EVENT_RATE_LIMIT); 0 turns the limit off. */
  points: number;
  /** RECORD_EVENT_RATE_WINDOW_SECONDS. */
  windowSeconds: number;
  /** Shared by every API node when set; a node falls back to its own memory while Redis is down. */
  redis?: Redis;
  keyPrefix: string;
}

type RecordEvent = (input: EventInput) => Promise<ProcessOutcome>;

/**
 * Puts the per-member limit (rate-limiter-flexible) in front of `recordEvent`. The key is the
 * event's userId: access checks ran before, so for a member that is its own id, and a back-end
 * service recording for many members is limited per member, not as a whole.
 */
export function withRecordEventRateLimit(recordEvent: RecordEvent, options: RecordEventRateLimitOptions): RecordEvent {
  if (options.points === 0) return recordEvent;
  const limiter = createLimiter(options);
  return async (input) => {
    await consume(limiter, userIdOf(input.raw), options);
    return recordEvent(input);
  };
}

function createLimiter({ points, windowSeconds: duration, redis, keyPrefix }: RecordEventRateLimitOptions): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true, insuranceLimiter: memory });
}

async function consume(limiter: RateLimiterAbstract, key: string, options: RecordEventRateLimitOptions): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new RateLimitedError(
      `recordEvent is limited to ${options.points} events per ${options.windowSeconds} s per member; retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }
}

function userIdOf(raw: unknown): string {
  const userId = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)['userId'] : undefined;
  return typeof userId === 'string' ? userId.slice(0, 64) : '';
}
