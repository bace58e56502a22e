import type { Journey } from '../../contract';
import type { AchievementUnlock, EventEvaluation } from '../game/evaluation';
import { NotificationKind, type PendingNotification } from './notification';
import { streakNotifications } from './streak-notifications';

/**
 * The notifications one evaluated event produces, in the order a member should hear them.
 * Fields are listed rather than spread from a shared base: this runs for every event, and
 * object spread costs several times more.
 */
export function notificationsFor(evaluation: EventEvaluation, committedAt: Date): PendingNotification[] {
  const { event } = evaluation;
  const userId = event.userId;
  const eventId = event.id;
  const notifications: PendingNotification[] = [];
  if (evaluation.pointsAwarded > 0) {
    notifications.push(pointsAwardedNotification(userId, eventId, evaluation.pointsAwarded, evaluation, event.type, event.journey, event.timestamp, committedAt));
  }
  for (const unlock of evaluation.unlocked) notifications.push(achievementUnlockedNotification(userId, eventId, unlock, event.timestamp));
  for (const quest of evaluation.completed) {
    notifications.push({
      userId,
      eventId,
      kind: NotificationKind.QUEST_COMPLETED,
      payload: { eventId, userId, quest: { key: quest.key, title: quest.title, points: quest.points }, completedAt: event.timestamp.toISOString() },
    });
  }
  if (evaluation.streakUpdates.length > 0) notifications.push(...streakNotifications(userId, eventId, evaluation.streakUpdates, committedAt));
  if (evaluation.level > evaluation.previousLevel) notifications.push(levelUpNotification(userId, eventId, evaluation));
  return notifications;
}

interface Totals {
  totalPoints: number;
  level: number;
  previousLevel: number;
}

export function pointsAwardedNotification(
  userId: string,
  eventId: string,
  points: number,
  totals: Totals,
  eventType: string,
  journey: Journey,
  occurredAt: Date,
  committedAt: Date,
): PendingNotification {
  return {
    userId,
    eventId,
    kind: NotificationKind.POINTS_AWARDED,
    payload: {
      eventId,
      userId,
      points,
      totalPoints: totals.totalPoints,
      level: totals.level,
      eventType,
      journey,
      occurredAt: occurredAt.toISOString(),
      awardedAt: committedAt.toISOString(),
    },
  };
}

export function achievementUnlockedNotification(userId: string, eventId: string, { achievement, tier, points }: AchievementUnlock, at: Date): PendingNotification {
  return {
    userId,
    eventId,
    kind: NotificationKind.ACHIEVEMENT_UNLOCKED,
    payload: {
      eventId,
      userId,
      achievement: { key: achievement.key, title: achievement.title, description: achievement.description ?? null, points },
      tier,
      unlockedAt: at.toISOString(),
    },
  };
}

export function levelUpNotification(userId: string, eventId: string, totals: Totals): PendingNotification {
  return {
    userId,
    eventId,
    kind: NotificationKind.LEVEL_UP,
    payload: { eventId, userId, level: totals.level, previousLevel: totals.previousLevel, totalPoints: totals.totalPoints },
  };
}
