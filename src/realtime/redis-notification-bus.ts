import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { Logger } from '../platform/logger';
import { createRedisClient } from '../platform/redis';
import type { NotificationBus } from './notification-bus';

/**
 * graphql-redis-subscriptions on two ioredis connections. The publisher fails fast while Redis is
 * away (the relay backs off and retries from the outbox); the subscriber queues its SUBSCRIBEs
 * until Redis is back, and ioredis re-subscribes every channel after a reconnect.
 */
export function createRedisNotificationBus(url: string, logger: Logger): NotificationBus {
  const publisher = createRedisClient(url, logger);
  const subscriber = createRedisClient(url, logger, { enableOfflineQueue: true, maxRetriesPerRequest: null, enableReadyCheck: false, enableAutoPipelining: false });
  const pubsub = new RedisPubSub({ publisher, subscriber });
  const listeners: ((lostAt: Date) => void)[] = [];
  let lostAt: Date | undefined = new Date();

  subscriber.on('close', () => (lostAt ??= new Date()));
  subscriber.on('ready', () => {
    const since = lostAt;
    lostAt = undefined;
    if (!since) return;
    // ioredis sends the re-SUBSCRIBEs right after emitting 'ready'; a PING answered after them proves they are in place.
    setImmediate(() => {
      subscriber.ping().then(
        () => listeners.forEach((listener) => listener(since)),
        (error: Error) => {
          lostAt = since;
          logger.warn({ errorMessage: error.message, errorCategory: 'NETWORK' }, 'redis re-subscription check failed');
        },
      );
    });
  });

  return {
    pubsub,
    redis: publisher,
    redisStatus: () => (publisher.status === 'ready' && subscriber.status === 'ready' ? 'up' : 'down'),
    onResubscribed: (listener) => void listeners.push(listener),
    close: async () => {
      await Promise.all([publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
