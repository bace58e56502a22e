import type { RedisClient } from '../platform/redis';
import type { LeaderboardReader } from './leaderboard';
import { SqlLeaderboardReader } from './sql-leaderboard';
import type { AppConfig } from '../platform/config';
import type { SqlExecutor } from '../platform/database';
import type { HealthCheck } from '../platform/health';
import type { Logger } from '../platform/logger';
import { createRedisClient, redisEndpoint, type RedisEndpoint } from '../platform/redis';
import type { OutboxSink } from '../outbox/outbox-sink';
import { LeaderboardKeys } from './leaderboard-keys';
import { CachedPublicLeaderboardReader } from './cached-public-leaderboard';
import type { PublicLeaderboardReader } from './public-leaderboard';
import { RedisLeaderboardReader } from './redis-leaderboard-reader';
import { RedisMemberListing } from './redis-member-listing';
import { definePublicLeaderboardScript, RedisPublicLeaderboardReader } from './redis-public-leaderboard';
import { defineLeaderboardScripts } from './redis-leaderboard-scripts';
import { RedisLeaderboardSink } from './redis-leaderboard-sink';
import { SharedLeaderboardReads } from './shared-leaderboard-reads';
import { SqlPublicLeaderboardReader } from './sql-public-leaderboard';

/** The leaderboards as a process wires them: a reader, and with Redis the outbox sink that keeps the boards. */
export interface Leaderboards {
  reader: LeaderboardReader;
  /** Boards as members see them (hidden members left out), shared for PUBLIC_LEADERBOARD_CACHE_MS. */
  publicReader: PublicLeaderboardReader;
  /** A name, a visibility or an erasure changed what public boards show: shared pages are dropped. */
  publicBoardsChanged(): void;
  /** The Redis copy of who hides and which names were chosen (Redis only). */
  listing?: RedisMemberListing;
  /** Register with the outbox relay (Redis only). */
  sink?: OutboxSink;
  /** Register with the node's health checks (Redis only). */
  health?: HealthCheck;
  close(): Promise<void>;
}

/** The Redis client of the leaderboards, with their scripts defined, and the key names. */
export function leaderboardStore(config: AppConfig, endpoint: RedisEndpoint, logger: Logger): { redis: RedisClient; keys: LeaderboardKeys } {
  return {
    redis: definePublicLeaderboardScript(defineLeaderboardScripts(createRedisClient(endpoint, logger))),
    keys: new LeaderboardKeys(config.CHANNEL_PREFIX, config.TIMEZONE, config.LEADERBOARD_RETENTION_DAYS),
  };
}

/**
 * With REDIS_URL or REDIS_CLUSTER_NODES: boards in Redis sorted sets, kept from the outbox and read
 * in constant time. Without (the embedded default): computed from PostgreSQL at request time.
 */
export function createLeaderboards(config: AppConfig, database: SqlExecutor, logger: Logger, levels: () => readonly number[]): Leaderboards {
  const endpoint = redisEndpoint(config);
  if (endpoint === undefined) {
    return {
      reader: new SharedLeaderboardReads(new SqlLeaderboardReader(database, config.TIMEZONE)),
      ...sharedPublicPages(new SqlPublicLeaderboardReader(database, config.TIMEZONE), config.PUBLIC_LEADERBOARD_CACHE_MS),
      close: async () => undefined,
    };
  }
  const { redis, keys } = leaderboardStore(config, endpoint, logger);
  return {
    reader: new SharedLeaderboardReads(new RedisLeaderboardReader(redis, keys, config.TIMEZONE)),
    ...sharedPublicPages(new RedisPublicLeaderboardReader(redis, keys, config.TIMEZONE, levels), config.PUBLIC_LEADERBOARD_CACHE_MS),
    listing: new RedisMemberListing(redis, keys),
    sink: new RedisLeaderboardSink(redis, keys),
    health: { name: 'redis', critical: false, probe: async () => void (await redis.ping()) },
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

/** The public reader behind a shared cache of `ttlMs` (none when 0). */
function sharedPublicPages(reader: PublicLeaderboardReader, ttlMs: number): Pick<Leaderboards, 'publicReader' | 'publicBoardsChanged'> {
  if (ttlMs === 0) return { publicReader: reader, publicBoardsChanged: () => undefined };
  const cached = new CachedPublicLeaderboardReader(reader, ttlMs);
  return { publicReader: cached, publicBoardsChanged: () => cached.forget() };
}
