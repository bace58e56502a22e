import type { PubSubEngine } from 'graphql-subscriptions';
import { NotificationKind, type Notification } from '../engine/notifications/notification';
import type { Logger } from '../platform/logger';
import { PushQueue } from './push-queue';

/** One committed notification as the admin live feed shows it: who, what, one line of text. */
export interface ActivityItem {
  notificationId: string;
  kind: NotificationKind;
  userId: string;
  eventId: string;
  at: string;
  summary: string;
}

/** An item as a subscriber receives it: with how many were left out just before it. */
export interface SampledActivity extends ActivityItem {
  skippedBefore: number;
}

/** Items a relay batch publishes on the activity channel at most; the rest are counted as skipped. */
const MAX_ITEMS_PER_MESSAGE = 200;

/** The one channel every relay publishes the activity of all members on (admins' `gameActivity`). */
export function activityChannel(prefix: string): string {
  return `${prefix}:admin:activity`;
}

export function activityOf(notification: Notification): ActivityItem {
  const base = { notificationId: notification.id, kind: notification.kind, userId: notification.userId, eventId: notification.eventId, at: notification.createdAt.toISOString() };
  return { ...base, summary: summarise(notification) };
}

function summarise(notification: Notification): string {
  switch (notification.kind) {
    case NotificationKind.POINTS_AWARDED: {
      const { points, eventType, totalPoints } = notification.payload;
      return `${points >= 0 ? '+' : ''}${points} points (${eventType}), total ${totalPoints}`;
    }
    case NotificationKind.ACHIEVEMENT_UNLOCKED:
      return `unlocked “${notification.payload.achievement.title}”${notification.payload.tier ? ` (${notification.payload.tier})` : ''}`;
    case NotificationKind.QUEST_COMPLETED:
      return `completed quest “${notification.payload.quest.title}”`;
    case NotificationKind.LEVEL_UP:
      return `reached level ${notification.payload.level}`;
    case NotificationKind.STREAK_EXTENDED:
      return `streak “${notification.payload.streak.title}” at ${notification.payload.current}`;
    case NotificationKind.STREAK_FREEZE_USED:
      return `streak “${notification.payload.streak.title}” kept by a freeze`;
    case NotificationKind.STREAK_BROKEN:
      return `streak “${notification.payload.streak.title}” broken`;
    case NotificationKind.REWARD_REDEEMED:
      return `redeemed “${notification.payload.reward?.title}” for ${-notification.payload.amount} coins`;
    case NotificationKind.REDEMPTION_CANCELLED:
      return `redemption of “${notification.payload.reward?.title}” cancelled, ${notification.payload.amount} coins back`;
    case NotificationKind.COINS_EXPIRING:
      return `${notification.payload.amount} coins expire on ${notification.payload.expiresAt}`;
    case NotificationKind.COINS_EXPIRED:
      return `${-notification.payload.amount} coins expired`;
    case NotificationKind.POINTS_REVOKED:
      return `lost ${-notification.payload.points} points (${notification.payload.reason})`;
    case NotificationKind.ACHIEVEMENT_REVOKED:
      return `lost “${notification.payload.achievement.title}” (${notification.payload.reason})`;
    case NotificationKind.CORRECTION_APPLIED:
      return `history corrected: ${notification.payload.correction.pointsDelta} points (${notification.payload.correction.reason})`;
  }
}

/** A relay batch on the activity channel: the first items, and how many more there were. */
export interface ActivityMessage {
  items: ActivityItem[];
  omitted: number;
}

export function activityMessage(batch: readonly Notification[]): ActivityMessage {
  return { items: batch.slice(0, MAX_ITEMS_PER_MESSAGE).map(activityOf), omitted: Math.max(0, batch.length - MAX_ITEMS_PER_MESSAGE) };
}

/**
 * Admins' live view of every member's activity. Each subscriber gets at most `maxPerSecond`
 * items (a token bucket); what comes faster is left out and counted on the next item it does
 * get, so a page never falls behind a busy engine and still says that it is sampling.
 */
export class GameActivityFeed {
  constructor(
    private readonly pubsub: PubSubEngine,
    private readonly channelPrefix: string,
    private readonly maxPerSecond: number,
    private readonly logger: Logger,
  ) {}

  async subscribe(): Promise<AsyncIterableIterator<SampledActivity>> {
    const stream = new SampledStream(this.maxPerSecond);
    const id = await this.pubsub.subscribe(
      activityChannel(this.channelPrefix),
      (message: unknown) => {
        const { items, omitted } = (message ?? {}) as Partial<ActivityMessage>;
        if (!Array.isArray(items)) return void this.logger.warn('malformed activity message dropped');
        stream.offer(items, typeof omitted === 'number' ? omitted : 0);
      },
      {},
    );
    stream.whenClosed = () => {
      this.pubsub.unsubscribe(id);
    };
    return stream;
  }
}

/** Items kept for a subscriber that reads slower than the rate (a stuck socket), beyond which they count as skipped. */
const MAX_BUFFERED = 100;

class SampledStream extends PushQueue<SampledActivity> {
  whenClosed: () => void = () => undefined;
  private tokens: number;
  private refilledAt = Date.now();
  private skipped = 0;

  constructor(private readonly maxPerSecond: number) {
    super();
    this.tokens = maxPerSecond;
  }

  protected onClose(): void {
    this.whenClosed();
  }

  offer(items: readonly ActivityItem[], omitted: number): void {
    if (this.closed) return;
    const now = Date.now();
    this.tokens = Math.min(this.maxPerSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.maxPerSecond);
    this.refilledAt = now;
    for (const item of items) {
      if (this.tokens < 1 || this.buffered.length >= MAX_BUFFERED) {
        this.skipped++;
        continue;
      }
      this.tokens--;
      this.deliver({ ...item, skippedBefore: this.skipped });
      this.skipped = 0;
    }
    this.skipped += omitted;
  }
}
