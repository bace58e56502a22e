import { NotificationKind, type Notification } from '../../../src/engine/notifications/notification';

/** A LEVEL_UP notification of `userId` with outbox id `id` (test data for the realtime units). */
export function levelUp(userId: string, id: number, createdAt = new Date()): Notification {
  return {
    id: String(id),
    userId,
    kind: NotificationKind.LEVEL_UP,
    eventId: `event-${id}`,
    payload: { eventId: `event-${id}`, userId, level: 2, previousLevel: 1, totalPoints: 100 },
    createdAt,
  };
}
