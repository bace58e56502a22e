import { NotificationKind, type Notification } from '../engine/notifications/notification';

/** The Standard Webhooks `type` of each notification kind. */
export const WEBHOOK_EVENT_TYPES: Readonly<Record<NotificationKind, string>> = {
  [NotificationKind.POINTS_AWARDED]: 'points.awarded',
  [NotificationKind.ACHIEVEMENT_UNLOCKED]: 'achievement.unlocked',
  [NotificationKind.QUEST_COMPLETED]: 'quest.completed',
  [NotificationKind.LEVEL_UP]: 'level.up',
  [NotificationKind.STREAK_EXTENDED]: 'streak.extended',
  [NotificationKind.STREAK_FREEZE_USED]: 'streak.freeze_used',
  [NotificationKind.STREAK_BROKEN]: 'streak.broken',
  [NotificationKind.REWARD_REDEEMED]: 'reward.redeemed',
  [NotificationKind.REDEMPTION_CANCELLED]: 'redemption.cancelled',
  [NotificationKind.COINS_EXPIRING]: 'coins.expiring',
  [NotificationKind.COINS_EXPIRED]: 'coins.expired',
  [NotificationKind.POINTS_REVOKED]: 'points.revoked',
  [NotificationKind.ACHIEVEMENT_REVOKED]: 'achievement.revoked',
  [NotificationKind.CORRECTION_APPLIED]: 'correction.applied',
};

/** The GraphQL object type of each kind's payload (its `__typename`). */
const PAYLOAD_TYPENAMES: Readonly<Record<NotificationKind, string>> = {
  [NotificationKind.POINTS_AWARDED]: 'PointsAwarded',
  [NotificationKind.ACHIEVEMENT_UNLOCKED]: 'AchievementUnlocked',
  [NotificationKind.QUEST_COMPLETED]: 'QuestCompleted',
  [NotificationKind.LEVEL_UP]: 'LevelUp',
  [NotificationKind.STREAK_EXTENDED]: 'StreakChanged',
  [NotificationKind.STREAK_FREEZE_USED]: 'StreakChanged',
  [NotificationKind.STREAK_BROKEN]: 'StreakChanged',
  [NotificationKind.REWARD_REDEEMED]: 'WalletChanged',
  [NotificationKind.REDEMPTION_CANCELLED]: 'WalletChanged',
  [NotificationKind.COINS_EXPIRING]: 'WalletChanged',
  [NotificationKind.COINS_EXPIRED]: 'WalletChanged',
  [NotificationKind.POINTS_REVOKED]: 'PointsRevoked',
  [NotificationKind.ACHIEVEMENT_REVOKED]: 'AchievementRevoked',
  [NotificationKind.CORRECTION_APPLIED]: 'CorrectionApplied',
};

/** Payload types that repeat the notification's kind (one GraphQL type serves several kinds). */
const KIND_IN_PAYLOAD: ReadonlySet<string> = new Set(['StreakChanged', 'WalletChanged']);

/**
 * The body of a webhook request: `{ type, timestamp, data }`, where `data` is the notification as
 * the GraphQL `Notification` type shapes it (the `notifications` query with every field selected
 * and `__typename` on the payload), so one parser serves both. Built from the outbox row alone,
 * so every attempt sends the same bytes.
 */
export function webhookBody(notification: Notification): string {
  const { id, kind, eventId, userId, createdAt, payload } = notification;
  const timestamp = createdAt.toISOString();
  const data = {
    id,
    kind,
    eventId,
    userId,
    createdAt: timestamp,
    payload: { __typename: PAYLOAD_TYPENAMES[kind], notificationId: id, ...payload, eventId, userId, ...(KIND_IN_PAYLOAD.has(PAYLOAD_TYPENAMES[kind]) ? { kind } : {}) },
  };
  return JSON.stringify({ type: WEBHOOK_EVENT_TYPES[kind], timestamp, data });
}
