import type { EventEvaluation } from '../game/evaluation';
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
    notifications.push({
      userId,
      eventId,
      kind: NotificationKind.POINTS_AWARDED,
      payload: {
        eventId,
        userId,
        points: evaluation.pointsAwarded,
        totalPoints: evaluation.totalPoints,
        level: evaluation.level,
        eventType: event.type,
        journey: event.journey,
        occurredAt: event.timestamp.toISOString(),
        awardedAt: committedAt.toISOString(),
      },
    });
  }
  for (const { achievement, tier, points } of evaluation.unlocked) {
    notifications.push({
      userId,
      eventId,
      kind: NotificationKind.ACHIEVEMENT_UNLOCKED,
      payload: {
        eventId,
        userId,
        achievement: { key: achievement.key, title: achievement.title, description: achievement.description ?? null, points },
        tier,
        unlockedAt: event.timestamp.toISOString(),
      },
    });
  }
  for (const quest of evaluation.completed) {
    notifications.push({
      userId,
      eventId,
      kind: NotificationKind.QUEST_COMPLETED,
      payload: { eventId, userId, quest: { key: quest.key, title: quest.title, points: quest.points }, completedAt: event.timestamp.toISOString() },
    });
  }
  if (evaluation.streakUpdates.length > 0) notifications.push(...streakNotifications(userId, eventId, evaluation.streakUpdates, committedAt));
  if (evaluation.level > evaluation.previousLevel) {
    notifications.push({
      userId,
      eventId,
      kind: NotificationKind.LEVEL_UP,
      payload: { eventId, userId, level: evaluation.level, previousLevel: evaluation.previousLevel, totalPoints: evaluation.totalPoints },
    });
  }
  return notifications;
}
