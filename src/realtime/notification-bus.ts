import type { PubSubEngine } from 'graphql-subscriptions';
import type { RedisClient } from '../platform/redis';

/** `up`/`down` for Redis; `not-configured` when the bus is in-process (neither REDIS_URL nor REDIS_CLUSTER_NODES). */
export type RedisStatus = 'up' | 'down' | 'not-configured';

/**
 * The pub/sub that carries notifications from the outbox relay to the API nodes: Redis when
 * REDIS_URL or REDIS_CLUSTER_NODES is set (every node hears every relay), else in-process (one node).
 */
export interface NotificationBus {
  readonly pubsub: PubSubEngine;
  /** The Redis command connection (not the subscriber), for other Redis users such as the rate limiter. */
  readonly redis?: RedisClient;
  redisStatus(): RedisStatus;
  /**
   * Called once the bus is subscribed again after losing its connection, with the time it was
   * lost: messages published in between never arrived, so listeners catch up from the outbox.
   */
  onResubscribed(listener: (lostAt: Date) => void): void;
  close(): Promise<void>;
}
