import type { PubSubEngine } from 'graphql-subscriptions';
import { NetworkError } from '../errors';
import type { Notification } from '../engine/notifications/notification';
import { activityChannel, activityMessage } from './game-activity';
import { notificationChannel } from './notification-channel';
import { toNotificationMessage } from './notification-record';
import type { OutboxSink } from '../outbox/outbox-sink';

/**
 * Publishes each notification on its member's channel, and the batch on the admins' activity
 * channel. Publishes go out on one connection in outbox order, so a member's notifications
 * arrive in the order they committed.
 */
export class PubSubOutboxSink implements OutboxSink {
  readonly name = 'pubsub';

  constructor(
    private readonly pubsub: PubSubEngine,
    private readonly channelPrefix: string,
  ) {}

  async deliver(batch: readonly Notification[]): Promise<void> {
    try {
      await Promise.all([
        ...batch.map((n) => this.pubsub.publish(notificationChannel(this.channelPrefix, n.userId, n.kind), toNotificationMessage(n))),
        // One message per batch for admins' live feed of every member (gameActivity).
        ...(batch.length > 0 ? [this.pubsub.publish(activityChannel(this.channelPrefix), activityMessage(batch))] : []),
      ]);
    } catch (error) {
      throw new NetworkError(`pub/sub publish failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
