import { NotificationKind, type Notification } from '../engine/notifications/notification';
import {
  AchievementRevoked,
  AchievementUnlocked,
  Correction,
  CorrectionApplied,
  LevelUp,
  MemberNotification,
  PointsAwarded,
  PointsRevoked,
  QuestCompleted,
  StreakChanged,
  WalletChanged,
  type NotificationPayload,
} from '../schema/types/notification.type';

/** The notification of one kind. */
export type NotificationOf<K extends NotificationKind> = Extract<Notification, { kind: K }>;

// Payload dates may arrive as ISO strings (JSON over Redis); `new Date` takes both.
// Instances, not plain objects, so the NotificationPayload union resolves its type.

function fieldsOf(notification: Notification) {
  return { notificationId: notification.id, eventId: notification.eventId, userId: notification.userId };
}

export function toPointsAwarded(notification: NotificationOf<NotificationKind.POINTS_AWARDED>): PointsAwarded {
  const { payload } = notification;
  return Object.assign(new PointsAwarded(), fieldsOf(notification), {
    points: payload.points,
    totalPoints: payload.totalPoints,
    level: payload.level,
    eventType: payload.eventType,
    journey: payload.journey,
    occurredAt: new Date(payload.occurredAt),
    awardedAt: new Date(payload.awardedAt),
  });
}

export function toAchievementUnlocked(notification: NotificationOf<NotificationKind.ACHIEVEMENT_UNLOCKED>): AchievementUnlocked {
  const { achievement, tier, unlockedAt } = notification.payload;
  return Object.assign(new AchievementUnlocked(), fieldsOf(notification), { achievement, tier: tier ?? null, unlockedAt: new Date(unlockedAt) });
}

export function toQuestCompleted(notification: NotificationOf<NotificationKind.QUEST_COMPLETED>): QuestCompleted {
  const { quest, completedAt } = notification.payload;
  return Object.assign(new QuestCompleted(), fieldsOf(notification), { quest, completedAt: new Date(completedAt) });
}

export function toLevelUp(notification: NotificationOf<NotificationKind.LEVEL_UP>): LevelUp {
  const { level, previousLevel, totalPoints } = notification.payload;
  return Object.assign(new LevelUp(), fieldsOf(notification), { level, previousLevel, totalPoints });
}

export type StreakNotification = NotificationOf<NotificationKind.STREAK_EXTENDED | NotificationKind.STREAK_FREEZE_USED | NotificationKind.STREAK_BROKEN>;

export function toStreakChanged(notification: StreakNotification): StreakChanged {
  const { streak, current, longest, freezesHeld, period, changedAt } = notification.payload;
  return Object.assign(new StreakChanged(), fieldsOf(notification), {
    kind: notification.kind,
    streak,
    current,
    longest,
    freezesHeld,
    period,
    changedAt: new Date(changedAt),
  });
}

export type WalletNotification = NotificationOf<
  NotificationKind.REWARD_REDEEMED | NotificationKind.REDEMPTION_CANCELLED | NotificationKind.COINS_EXPIRING | NotificationKind.COINS_EXPIRED
>;

export function toWalletChanged(notification: WalletNotification): WalletChanged {
  const { amount, balance, reward, redemptionId, expiresAt, changedAt } = notification.payload;
  return Object.assign(new WalletChanged(), fieldsOf(notification), {
    kind: notification.kind,
    amount,
    balance,
    reward,
    redemptionId,
    expiresAt: expiresAt === null ? null : new Date(expiresAt),
    changedAt: new Date(changedAt),
  });
}

export function toPointsRevoked(notification: NotificationOf<NotificationKind.POINTS_REVOKED>): PointsRevoked {
  const { points, totalPoints, level, eventType, journey, occurredAt, reason, correctionId, revokedAt } = notification.payload;
  return Object.assign(new PointsRevoked(), fieldsOf(notification), {
    points,
    totalPoints,
    level,
    eventType,
    journey,
    occurredAt: new Date(occurredAt),
    reason,
    correctionId,
    revokedAt: new Date(revokedAt),
  });
}

export function toAchievementRevoked(notification: NotificationOf<NotificationKind.ACHIEVEMENT_REVOKED>): AchievementRevoked {
  const { achievement, reason, correctionId, revokedAt } = notification.payload;
  return Object.assign(new AchievementRevoked(), fieldsOf(notification), { achievement, reason, correctionId, revokedAt: new Date(revokedAt) });
}

export function toCorrectionApplied(notification: NotificationOf<NotificationKind.CORRECTION_APPLIED>): CorrectionApplied {
  const { correction } = notification.payload;
  return Object.assign(new CorrectionApplied(), fieldsOf(notification), {
    correction: Object.assign(new Correction(), { ...correction, createdAt: new Date(correction.createdAt) }),
  });
}

export function toMemberNotification(notification: Notification): MemberNotification {
  return {
    id: notification.id,
    kind: notification.kind,
    eventId: notification.eventId,
    userId: notification.userId,
    createdAt: notification.createdAt,
    payload: toNotificationPayload(notification),
  };
}

function toNotificationPayload(notification: Notification): typeof NotificationPayload {
  switch (notification.kind) {
    case NotificationKind.POINTS_AWARDED:
      return toPointsAwarded(notification);
    case NotificationKind.ACHIEVEMENT_UNLOCKED:
      return toAchievementUnlocked(notification);
    case NotificationKind.QUEST_COMPLETED:
      return toQuestCompleted(notification);
    case NotificationKind.LEVEL_UP:
      return toLevelUp(notification);
    case NotificationKind.STREAK_EXTENDED:
    case NotificationKind.STREAK_FREEZE_USED:
    case NotificationKind.STREAK_BROKEN:
      return toStreakChanged(notification);
    case NotificationKind.REWARD_REDEEMED:
    case NotificationKind.REDEMPTION_CANCELLED:
    case NotificationKind.COINS_EXPIRING:
    case NotificationKind.COINS_EXPIRED:
      return toWalletChanged(notification);
    case NotificationKind.POINTS_REVOKED:
      return toPointsRevoked(notification);
    case NotificationKind.ACHIEVEMENT_REVOKED:
      return toAchievementRevoked(notification);
    case NotificationKind.CORRECTION_APPLIED:
      return toCorrectionApplied(notification);
  }
}
