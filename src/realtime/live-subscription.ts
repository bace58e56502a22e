import { notificationTopic, type Notification, type NotificationKind } from '../engine/notifications/notification';

const DONE: IteratorResult<Notification> = { done: true, value: undefined };

/**
 * One subscriber's stream of one member's notifications of one kind. It buffers from the moment
 * it exists, drops anything at or below the last outbox id it passed on (repeats from a relay
 * re-delivery or a catch-up), and `return()` ends it at once even while a `next()` is waiting,
 * which an async generator could not do.
 *
 * Two plain arrays rather than Node's `events.on`: that one preallocates two 2,048-slot ring
 * buffers per iterator (~32 KB), half of an API node's heap with thousands of subscribers.
 */
export class LiveSubscription implements AsyncIterableIterator<Notification> {
  private readonly buffered: Notification[] = [];
  private readonly waiting: ((result: IteratorResult<Notification>) => void)[] = [];
  private lastId = 0n;
  private closed = false;

  constructor(
    readonly userId: string,
    readonly kind: NotificationKind,
    /** When it started: a catch-up never replays what committed well before it. */
    readonly startedAt: Date,
    private readonly onClose: () => void,
  ) {}

  push(notification: Notification): void {
    const id = BigInt(notification.id);
    if (this.closed || notificationTopic(notification.kind) !== notificationTopic(this.kind) || id <= this.lastId) return;
    this.lastId = id;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ done: false, value: notification });
    else this.buffered.push(notification);
  }

  next(): Promise<IteratorResult<Notification>> {
    const notification = this.buffered.shift();
    if (notification) return Promise.resolve({ done: false, value: notification });
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<Notification>> {
    if (!this.closed) {
      this.closed = true;
      this.buffered.length = 0;
      for (const waiter of this.waiting.splice(0)) waiter(DONE);
      this.onClose();
    }
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<Notification>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Notification> {
    return this;
  }
}
