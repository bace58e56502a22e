import type { EventEvaluation } from '../game/evaluation';
import { NotificationKind, type PendingNotification } from './notification';

/** The notifications one evaluated event produces, in the order a member should hear them. */
export function notificationsFor(evaluation: EventEvaluation, committedAt: Date): PendingNotification[] {
  const { event } = evaluation;
  const base = { userId: event.userId, eventId: event.id };
  const notifications: PendingNotification[] = [];
  if (evaluation.pointsAwarded > 0) {
    notifications.push({
      ...base,
      kind: NotificationKind.POINTS_AWARDED,
      payload: {
        ...base,
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
  for (const achievement of evaluation.unlocked) {
    notifications.push({
      ...base,
      kind: NotificationKind.ACHIEVEMENT_UNLOCKED,
      payload: {
        ...base,
        achievement: { key: achievement.key, title: achievement.title, description: achievement.description ?? null, points: achievement.points },
        unlockedAt: event.timestamp.toISOString(),
      },
    });
  }
  for (const quest of evaluation.completed) {
    notifications.push({
      ...base,
      kind: NotificationKind.QUEST_COMPLETED,
      payload: { ...base, quest: { key: quest.key, title: quest.title, points: quest.points }, completedAt: event.timestamp.toISOString() },
    });
  }
  if (evaluation.level > evaluation.previousLevel) {
    notifications.push({
      ...base,
      kind: NotificationKind.LEVEL_UP,
      payload: { ...base, level: evaluation.level, previousLevel: evaluation.previousLevel, totalPoints: evaluation.totalPoints },
    });
  }
  return notifications;
}
