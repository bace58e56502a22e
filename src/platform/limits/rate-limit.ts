import type { RedisClient } from '../redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from './rate-limited-error';

export interface RateLimitOptions {
  /** Requests one key may make per window; 0 turns the limit off. */
  points: number;
  windowSeconds: number;
  /** Shared by every API node when set; a node falls back to its own memory while Redis is down. */
  redis?: RedisClient;
  keyPrefix: string;
}

/**
 * A fixed-window budget per key (rate-limiter-flexible): `consume` passes while the key has
 * points left in the window, then throws a RateLimitedError whose message `describe` words.
 */
export class RateLimit {
  private readonly limiter?: RateLimiterAbstract;

  constructor(private readonly options: RateLimitOptions) {
    if (options.points === 0) return;
    const { points, windowSeconds: duration, redis, keyPrefix } = options;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    this.limiter = redis ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
  }

  get enabled(): boolean {
    return this.limiter !== undefined;
  }

  async consume(key: string, describe: (budget: { points: number; windowSeconds: number; retryAfterSeconds: number }) => string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new RateLimitedError(describe({ points: this.options.points, windowSeconds: this.options.windowSeconds, retryAfterSeconds }), retryAfterSeconds);
    }
  }
}
