import type { Journey } from '../contract';

/** What a member can be told about; one pub/sub channel per member and kind. */
export enum NotificationKind {
  POINTS_AWARDED = 'POINTS_AWARDED',
  ACHIEVEMENT_UNLOCKED = 'ACHIEVEMENT_UNLOCKED',
  QUEST_COMPLETED = 'QUEST_COMPLETED',
  LEVEL_UP = 'LEVEL_UP',
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
  unlockedAt: string;
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
}

/** A committed notification as the outbox holds it; `id` is the catch-up cursor. */
export type Notification = {
  [K in NotificationKind]: { id: string; userId: string; kind: K; eventId: string; payload: NotificationPayloads[K]; createdAt: Date };
}[NotificationKind];

export type PendingNotification = Omit<Notification, 'id' | 'createdAt'>;
