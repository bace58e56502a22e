import { scanKeys, type RedisClient } from '../platform/redis';
import { escapeGlob } from './leaderboard-keys';
import { onLeaderboardStore } from './leaderboard-store-error';

/**
 * Removes one member from every Redis key under the install's prefix (CHANNEL_PREFIX), whatever
 * wrote it: keys named after the member (rate-limit counters, anything per member) are deleted;
 * the member is removed as a member of every sorted set (boards of every period, staged rebuilds),
 * as a field of every hash (applied watermarks, chosen names), from every set (hidden members),
 * and every list entry naming them (a running rebuild's journal) goes. Each pass is a SCAN of the
 * prefix (of every master on a Redis Cluster), so the cost grows with the number of keys; erasure is rare.
 */
export class RedisMemberSweep {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** How many keys changed. */
  async erase(userId: string): Promise<number> {
    return onLeaderboardStore(async () => {
      const pattern = `${escapeGlob(this.prefix)}:*`;
      let changed = 0;
      for (const key of await scanKeys(this.redis, `${escapeGlob(this.prefix)}:*${escapeGlob(userId)}*`)) changed += await this.redis.unlink(key);
      for (const key of await scanKeys(this.redis, pattern, 'zset')) changed += await this.redis.zrem(key, userId);
      for (const key of await scanKeys(this.redis, pattern, 'hash')) changed += await this.redis.hdel(key, userId);
      for (const key of await scanKeys(this.redis, pattern, 'set')) changed += await this.redis.srem(key, userId);
      for (const key of await scanKeys(this.redis, pattern, 'list')) {
        const naming = (await this.redis.lrange(key, 0, -1)).filter((entry) => entry.includes(userId));
        for (const entry of naming) await this.redis.lrem(key, 0, entry);
        if (naming.length > 0) changed += 1;
      }
      return changed;
    });
  }
}
