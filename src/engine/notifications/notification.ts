import type { Journey } from '../contract';

/** What a member can be told about; one pub/sub channel per member and kind. */
export enum NotificationKind {
  POINTS_AWARDED = 'POINTS_AWARDED',
  ACHIEVEMENT_UNLOCKED = 'ACHIEVEMENT_UNLOCKED',
  QUEST_COMPLETED = 'QUEST_COMPLETED',
  LEVEL_UP = 'LEVEL_UP',
  STREAK_EXTENDED = 'STREAK_EXTENDED',
  STREAK_FREEZE_USED = 'STREAK_FREEZE_USED',
  STREAK_BROKEN = 'STREAK_BROKEN',
}

const STREAK_KINDS: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.STREAK_EXTENDED,
  NotificationKind.STREAK_FREEZE_USED,
  NotificationKind.STREAK_BROKEN,
]);

/**
 * The kinds one subscription delivers together share a topic (its pub/sub channel): the three
 * streak changes travel on `streakChanged`; every other kind is its own topic.
 */
export function notificationTopic(kind: NotificationKind): NotificationKind {
  return STREAK_KINDS.has(kind) ? NotificationKind.STREAK_EXTENDED : kind;
}

export interface PointsAwardedPayload {
  eventId: string;
  userId: string;
  points: number;
  totalPoints: number;
  level: number;
  eventType: string;
  journey: Journey;
  /** The event's own time: leaderboard periods and tie-breaks use it. */
  occurredAt: string;
  awardedAt: string;
}

export interface AchievementUnlockedPayload {
  eventId: string;
  userId: string;
  achievement: { key: string; title: string; description: string | null; points: number };
  /** The tier reached, for a tiered achievement (absent in notifications written before tiers existed). */
  tier?: string | null;
  unlockedAt: string;
}

/** A named streak grew, used a freeze or broke (learnt at the member's next event or by the streak sweep). */
export interface StreakChangedPayload {
  eventId: string;
  userId: string;
  streak: { key: string; title: string; per: string };
  current: number;
  longest: number;
  freezesHeld: number;
  /** The period concerned: the one that extended it, was frozen, or was missed. */
  period: string | null;
  changedAt: string;
}

export interface QuestCompletedPayload {
  eventId: string;
  userId: string;
  quest: { key: string; title: string; points: number };
  completedAt: string;
}

export interface LevelUpPayload {
  eventId: string;
  userId: string;
  level: number;
  previousLevel: number;
  totalPoints: number;
}

export interface NotificationPayloads {
  [NotificationKind.POINTS_AWARDED]: PointsAwardedPayload;
  [NotificationKind.ACHIEVEMENT_UNLOCKED]: AchievementUnlockedPayload;
  [NotificationKind.QUEST_COMPLETED]: QuestCompletedPayload;
  [NotificationKind.LEVEL_UP]: LevelUpPayload;
  [NotificationKind.STREAK_EXTENDED]: StreakChangedPayload;
  [NotificationKind.STREAK_FREEZE_USED]: StreakChangedPayload;
  [NotificationKind.STREAK_BROKEN]: StreakChangedPayload;
}

/** A committed notification as the outbox holds it; `id` is the catch-up cursor. */
export type Notification = {
  [K in NotificationKind]: { id: string; userId: string; kind: K; eventId: string; payload: NotificationPayloads[K]; createdAt: Date };
}[NotificationKind];

export type PendingNotification = Omit<Notification, 'id' | 'createdAt'>;
