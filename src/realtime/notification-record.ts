import { z } from 'zod';
import { NotificationKind, type Notification } from '../engine/notifications/notification';

/** A notification as it crosses pub/sub: JSON, so the dates travel as ISO strings. */
export type NotificationMessage = Omit<Notification, 'createdAt'> & { createdAt: string };

const notificationSchema = z.object({
  id: z.string().regex(/^\d+$/),
  userId: z.string(),
  kind: z.enum(NotificationKind),
  eventId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.coerce.date(),
});

export function toNotificationMessage(notification: Notification): NotificationMessage {
  const { id, userId, kind, eventId, payload, createdAt } = notification;
  return { id, userId, kind, eventId, payload, createdAt: createdAt.toISOString() };
}

/**
 * Reads a notification back from a pub/sub message (anyone who can reach Redis can publish on
 * the channel). The payload is the one the engine wrote for that kind (relays publish only what
 * the engine wrote to the outbox), so only the envelope is checked.
 */
export function parseNotification(value: unknown): Notification {
  return notificationSchema.parse(value) as unknown as Notification;
}
