import { PubSub } from 'graphql-subscriptions';
import type { NotificationBus } from './notification-bus';

/** One process, no Redis: graphql-subscriptions' in-memory PubSub; it never loses messages. */
export function createInProcessNotificationBus(): NotificationBus {
  return {
    pubsub: new PubSub(),
    redisStatus: () => 'not-configured',
    onResubscribed: () => undefined,
    close: async () => undefined,
  };
}
