import type { PubSubEngine } from 'graphql-subscriptions';
import type { Redis } from 'ioredis';

/** `up`/`down` for Redis; `not-configured` when the bus is in-process (no REDIS_URL). */
export type RedisStatus = 'up' | 'down' | 'not-configured';

/**
 * The pub/sub that carries notifications from the outbox relay to the API nodes: Redis when
 * REDIS_URL is set (every node hears every relay), else in-process (one node).
 */
export interface NotificationBus {
  readonly pubsub: PubSubEngine;
  /** The Redis command connection (not the subscriber), for other Redis users such as the rate limiter. */
  readonly redis?: Redis;
  redisStatus(): RedisStatus;
  /**
   * Called once the bus is subscribed again after losing its connection, with the time it was
   * lost: messages published in between never arrived, so listeners catch up from the outbox.
   */
  onResubscribed(listener: (lostAt: Date) => void): void;
  close(): Promise<void>;
}
