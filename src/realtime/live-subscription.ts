import { notificationTopic, type Notification, type NotificationKind } from '../engine/notifications/notification';
import { PushQueue } from './push-queue';

/**
 * One subscriber's stream of one member's notifications of one kind. It buffers from the moment
 * it exists and drops anything at or below the last outbox id it passed on (repeats from a relay
 * re-delivery or a catch-up).
 */
export class LiveSubscription extends PushQueue<Notification> {
  private lastId = 0n;

  constructor(
    readonly userId: string,
    readonly kind: NotificationKind,
    /** When it started: a catch-up never replays what committed well before it. */
    readonly startedAt: Date,
    private readonly whenClosed: () => void,
  ) {
    super();
  }

  protected onClose(): void {
    this.whenClosed();
  }

  push(notification: Notification): void {
    const id = BigInt(notification.id);
    if (this.closed || notificationTopic(notification.kind) !== notificationTopic(this.kind) || id <= this.lastId) return;
    this.lastId = id;
    this.deliver(notification);
  }
}
