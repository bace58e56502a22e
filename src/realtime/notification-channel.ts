import { notificationTopic, type NotificationKind } from '../engine/notifications/notification';

/**
 * The pub/sub channel of one member's notifications of one kind. Per-member channels mean a
 * node only receives traffic for the members connected to it (and shard on Redis Cluster).
 */
export function notificationChannel(prefix: string, userId: string, kind: NotificationKind): string {
  return `${prefix}:user:${userId}:${notificationTopic(kind)}`;
}

/** The channel on which an erasure tells every node to end the erased member's subscriptions. */
export function memberErasedChannel(prefix: string): string {
  return `${prefix}:control:member-erased`;
}
