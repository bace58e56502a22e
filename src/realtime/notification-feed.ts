import { NotificationKind, type Notification } from '../engine/notifications/notification';
import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { LiveSubscription } from './live-subscription';
import type { NotificationBus } from './notification-bus';
import { memberErasedChannel, notificationChannel } from './notification-channel';
import { parseNotification } from './notification-record';
import type { OutboxHistory } from '../outbox/outbox-history';

/** The subscription field each kind is served on (the activeSubscriptions metric's label). */
const SUBSCRIPTION_FIELD: Record<NotificationKind, string> = {
  [NotificationKind.POINTS_AWARDED]: 'pointsAwarded',
  [NotificationKind.ACHIEVEMENT_UNLOCKED]: 'achievementUnlocked',
  [NotificationKind.QUEST_COMPLETED]: 'questCompleted',
  [NotificationKind.LEVEL_UP]: 'levelUp',
  [NotificationKind.STREAK_EXTENDED]: 'streakChanged',
  [NotificationKind.STREAK_FREEZE_USED]: 'streakChanged',
  [NotificationKind.STREAK_BROKEN]: 'streakChanged',
  [NotificationKind.REWARD_REDEEMED]: 'walletChanged',
  [NotificationKind.REDEMPTION_CANCELLED]: 'walletChanged',
  [NotificationKind.COINS_EXPIRING]: 'walletChanged',
  [NotificationKind.COINS_EXPIRED]: 'walletChanged',
  // Revocations reach apps through the notifications query and correctionApplied.
  [NotificationKind.POINTS_REVOKED]: 'correctionApplied',
  [NotificationKind.ACHIEVEMENT_REVOKED]: 'correctionApplied',
  [NotificationKind.CORRECTION_APPLIED]: 'correctionApplied',
};

/** Slack between a transaction starting (the row's created_at) and its commit. */
const COMMIT_SLACK_MS = 10_000;
const CATCH_UP_MAX_ROWS = 10_000;

export interface NotificationFeedOptions {
  bus: NotificationBus;
  history: OutboxHistory;
  channelPrefix: string;
  metrics: Metrics;
  logger: Logger;
}

/**
 * A node's live subscriptions. Each one listens on its member's channel; when the bus comes
 * back after losing Redis, every open subscription is topped up from the outbox with what
 * committed meanwhile, so a connected app misses nothing (it may see an id twice, never out of order).
 */
export class NotificationFeed {
  private readonly open = new Set<LiveSubscription>();
  /** Live messages held back from the reconnect until the catch-up is done, so each subscription still sees ids in order. */
  private heldBack: { subscription: LiveSubscription; notification: Notification }[] | undefined;
  private pendingCatchUps = 0;
  private catchUps = Promise.resolve();

  constructor(private readonly options: NotificationFeedOptions) {
    void options.bus.pubsub
      .subscribe(memberErasedChannel(options.channelPrefix), (message: unknown) => this.endSubscriptionsOf(String((message as { userId?: unknown })?.userId)), {})
      .catch((error: unknown) => options.logger.warn({ errorMessage: classifyError(error).message }, 'could not listen for member erasures'));
    options.bus.onResubscribed((lostAt) => {
      this.heldBack ??= [];
      this.pendingCatchUps++;
      this.catchUps = this.catchUps.then(() => this.catchUp(lostAt)).finally(() => this.releaseHeldBack());
    });
  }

  /** Resolves once the subscription is in place on the bus; messages from then on are buffered. */
  async subscribe(userId: string, kind: NotificationKind): Promise<AsyncIterableIterator<Notification>> {
    const { bus, channelPrefix, metrics } = this.options;
    const field = SUBSCRIPTION_FIELD[kind];
    let busSubscription: number | undefined;
    const subscription = new LiveSubscription(userId, kind, new Date(), () => {
      this.open.delete(subscription);
      if (busSubscription === undefined) return;
      bus.pubsub.unsubscribe(busSubscription);
      metrics.activeSubscriptions.dec({ field });
    });
    this.open.add(subscription);
    try {
      const id = await bus.pubsub.subscribe(notificationChannel(channelPrefix, userId, kind), (message: unknown) => this.receive(subscription, message), {});
      if (!this.open.has(subscription)) {
        bus.pubsub.unsubscribe(id);
        return subscription;
      }
      busSubscription = id;
      metrics.activeSubscriptions.inc({ field });
    } catch (error) {
      await subscription.return();
      throw classifyError(error);
    }
    return subscription;
  }

  /** Tells every node (this one included) to end an erased member's subscriptions. */
  async announceErasure(userId: string): Promise<void> {
    await this.options.bus.pubsub.publish(memberErasedChannel(this.options.channelPrefix), { userId });
  }

  private endSubscriptionsOf(userId: string): void {
    for (const subscription of this.open) if (subscription.userId === userId) void subscription.return();
  }

  private receive(subscription: LiveSubscription, message: unknown): void {
    let notification: Notification;
    try {
      notification = parseNotification(message);
    } catch (error) {
      this.options.logger.error({ errorMessage: (error as Error).message, errorCategory: 'INTERNAL' }, 'malformed notification message dropped');
      return;
    }
    if (this.heldBack) this.heldBack.push({ subscription, notification });
    else subscription.push(notification);
  }

  /** Replays what committed since the bus was lost, then what arrived live meanwhile, in id order. */
  private async catchUp(lostAt: Date): Promise<void> {
    const subscriptions = [...this.open];
    if (subscriptions.length === 0) return;
    const since = new Date(lostAt.getTime() - COMMIT_SLACK_MS);
    try {
      const userIds = [...new Set(subscriptions.map((s) => s.userId))];
      const missed = await this.options.history.recent(userIds, since, CATCH_UP_MAX_ROWS);
      if (missed.length === CATCH_UP_MAX_ROWS) this.options.logger.warn({ rows: missed.length }, 'catch-up truncated; apps must use the notifications query');
      for (const notification of missed) {
        for (const subscription of subscriptions) {
          const committedSinceStart = notification.createdAt.getTime() >= subscription.startedAt.getTime() - COMMIT_SLACK_MS;
          if (subscription.userId === notification.userId && committedSinceStart) subscription.push(notification);
        }
      }
      this.options.logger.info({ subscriptions: subscriptions.length, replayed: missed.length }, 'subscriptions caught up after redis reconnect');
    } catch (error) {
      const classified = classifyError(error);
      this.options.logger.warn({ errorMessage: classified.message, errorCategory: classified.category }, 'catch-up after redis reconnect failed');
    }
  }

  private releaseHeldBack(): void {
    if (--this.pendingCatchUps > 0) return;
    const arrived = this.heldBack ?? [];
    this.heldBack = undefined;
    for (const { subscription, notification } of arrived) subscription.push(notification);
  }
}
