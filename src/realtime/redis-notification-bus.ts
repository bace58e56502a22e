import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { Logger } from '../platform/logger';
import { createRedisClient, createRedisClusterClient, type RedisClient, type RedisClusterEndpoint, type RedisEndpoint, type RedisServerEndpoint } from '../platform/redis';
import type { NotificationBus } from './notification-bus';
import { ShardedRedisPubSub } from './sharded-redis-pubsub';

/**
 * The bus over Redis: on one server, graphql-redis-subscriptions (PUBLISH / SUBSCRIBE); on a
 * Redis Cluster, sharded pub/sub (SPUBLISH / SSUBSCRIBE). Either way two connections: the
 * publisher fails fast while Redis is away (the relay backs off and retries from the outbox),
 * the subscriber queues its subscriptions until Redis is back and re-subscribes after a reconnect
 * or a failover, then tells the listeners when it lost them so they catch up from the outbox.
 */
export function createRedisNotificationBus(endpoint: RedisEndpoint, logger: Logger): NotificationBus {
  return 'url' in endpoint ? singleServerBus(endpoint, logger) : clusterBus(endpoint, logger);
}

function singleServerBus(endpoint: RedisServerEndpoint, logger: Logger): NotificationBus {
  const publisher = createRedisClient(endpoint, logger);
  const subscriber = createRedisClient(endpoint, logger, { enableOfflineQueue: true, maxRetriesPerRequest: null, enableReadyCheck: false, enableAutoPipelining: false });
  const lost = new LostSubscriptions();
  subscriber.on('close', () => lost.since());
  subscriber.on('ready', () => {
    // ioredis sends the re-SUBSCRIBEs right after emitting 'ready'; a PING answered after them proves they are in place.
    setImmediate(() => lost.whenProven(() => subscriber.ping(), logger));
  });
  return busOf(new RedisPubSub({ publisher, subscriber }), publisher, subscriber, lost);
}

/**
 * On a cluster ioredis keeps one subscriber connection per master. When a master fails or hands
 * its slots over, its subscriber goes (`-subscriber`, or `-node` when the connection drops) and,
 * once the slot map is re-read, one for the new master takes its channels (`subscribersReady`,
 * emitted right after the re-SSUBSCRIBEs are written). Messages published in between are lost:
 * the listeners catch up from when the old subscriber went.
 */
function clusterBus(endpoint: RedisClusterEndpoint, logger: Logger): NotificationBus {
  const publisher = createRedisClusterClient(endpoint, logger);
  const subscriber = createRedisClusterClient(
    endpoint,
    logger,
    { maxRetriesPerRequest: null, enableAutoPipelining: false },
    { shardedSubscribers: true, enableOfflineQueue: true },
  );
  const lost = new LostSubscriptions();
  for (const event of ['-subscriber', '-node', 'close']) subscriber.on(event, () => lost.since());
  subscriber.on('subscribersReady', () => lost.back());
  return busOf(new ShardedRedisPubSub(publisher, subscriber, logger), publisher, subscriber, lost);
}

function busOf(pubsub: NotificationBus['pubsub'], publisher: RedisClient, subscriber: RedisClient, lost: LostSubscriptions): NotificationBus {
  return {
    pubsub,
    redis: publisher,
    redisStatus: () => (publisher.status === 'ready' && subscriber.status === 'ready' ? 'up' : 'down'),
    onResubscribed: (listener) => lost.listeners.push(listener),
    close: async () => {
      await Promise.all([publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/** When the subscriptions were lost (the earliest sign), and who to tell once they are back. */
class LostSubscriptions {
  readonly listeners: ((lostAt: Date) => void)[] = [];
  /** Lost from the start: the first subscription of the connection counts as a re-subscription. */
  private lostAt: Date | undefined = new Date();

  since(): void {
    this.lostAt ??= new Date();
  }

  /** The subscriptions are in place again: tells every listener since when they missed messages. */
  back(): void {
    const since = this.lostAt;
    this.lostAt = undefined;
    if (since) this.listeners.forEach((listener) => listener(since));
  }

  /** Once `proof` (a command answered after the re-subscriptions) resolves, as {@link back}. */
  whenProven(proof: () => Promise<unknown>, logger: Logger): void {
    if (!this.lostAt) return;
    proof().then(
      () => this.back(),
      (error: Error) => logger.warn({ errorMessage: error.message, errorCategory: 'NETWORK' }, 'redis re-subscription check failed'),
    );
  }
}
