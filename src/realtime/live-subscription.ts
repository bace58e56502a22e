import { EventEmitter, on } from 'node:events';
import type { Notification, NotificationKind } from '../engine/notifications/notification';

/**
 * One subscriber's stream of one member's notifications of one kind. It buffers from the moment
 * it exists (Node's `events.on`), drops anything at or below the last outbox id it passed on
 * (repeats from a relay re-delivery or a catch-up), and `return()` ends it at once even while a
 * `next()` is waiting, which an async generator could not do.
 */
export class LiveSubscription implements AsyncIterableIterator<Notification> {
  private readonly emitter = new EventEmitter();
  private readonly events: AsyncIterableIterator<[Notification]> = on(this.emitter, 'notification') as AsyncIterableIterator<[Notification]>;
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
    if (this.closed || notification.kind !== this.kind || id <= this.lastId) return;
    this.lastId = id;
    this.emitter.emit('notification', notification);
  }

  async next(): Promise<IteratorResult<Notification>> {
    const result = await this.events.next();
    return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] };
  }

  async return(): Promise<IteratorResult<Notification>> {
    this.close();
    await this.events.return?.();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<Notification>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Notification> {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
