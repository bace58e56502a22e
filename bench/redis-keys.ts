import { Redis } from 'ioredis';

/** Removes a bench run's keys (leaderboards, rate-limit counters) from Redis: everything under `prefix:`. */
export async function forgetRedisKeys(url: string | undefined, prefix: string): Promise<void> {
  if (!url) return;
  const redis = new Redis(url);
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) if (keys.length > 0) await redis.unlink(...keys);
  redis.disconnect();
}
