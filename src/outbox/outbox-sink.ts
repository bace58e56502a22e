import type { Notification } from '../engine/notifications/notification';

/**
 * Something the outbox relay hands committed notifications to, in outbox order: pub/sub for
 * subscribers, sorted sets for leaderboards. A sink that throws makes the relay retry the same
 * batch later (at-least-once), so every sink must tolerate seeing a notification twice.
 */
export interface OutboxSink {
  readonly name: string;
  deliver(batch: readonly Notification[]): Promise<void>;
}
