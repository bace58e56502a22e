import type { Notification } from '../engine/notifications/notification';

/**
 * The notifications this process's batches just wrote, by outbox id, so the relay of the same
 * process takes them from memory instead of reading their rows back (payloads and all). The
 * queue (`outbox_pending`) still decides what is committed and in which order: the relay looks an
 * id up here only once its take has returned that id, so a batch remembered and then rolled back
 * is never delivered (its ids never reach the queue) and only waits here until it is evicted.
 * Rows a crash lost from memory, or that another process wrote, are read from the outbox as before.
 */
export class WrittenNotifications {
  private readonly byId = new Map<string, Notification>();

  /** @param capacity the most notifications kept; the oldest go first (the relay then reads them from their rows). */
  constructor(private readonly capacity: number) {}

  remember(notifications: readonly Notification[]): void {
    for (const notification of notifications) this.byId.set(notification.id, notification);
    for (const id of this.byId.keys()) {
      if (this.byId.size <= this.capacity) break;
      this.byId.delete(id);
    }
  }

  /** What is remembered now, as a copy: batches written while the relay's take runs change it, not the copy. */
  snapshot(): ReadonlyMap<string, Notification> {
    return new Map(this.byId);
  }

  /** The relay took these: they are never asked for again. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.byId.delete(id);
  }
}
