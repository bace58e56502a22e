import type { Journey } from '../../contract';
import type { MemberCorrection } from '../recompute/member-correction';
import type { CompiledGame } from '../rules/compiled-game';
import type { CorrectionRecord } from '../recompute/correction-record';
import { achievementUnlockedNotification, pointsAwardedNotification } from './notifications-for';
import { NotificationKind, type CorrectionView, type PendingNotification } from './notification';

/**
 * What a member hears of a correction: per event whose points moved, POINTS_REVOKED (a loss) or
 * POINTS_AWARDED (a gain, e.g. a cap freed), in that event's journey and time so the boards move
 * in the right periods; ACHIEVEMENT_UNLOCKED per achievement gained (a released event),
 * ACHIEVEMENT_REVOKED per achievement taken back; then CORRECTION_APPLIED
 * with the whole correction.
 */
export function correctionNotifications(record: CorrectionRecord, correction: MemberCorrection, game: CompiledGame): PendingNotification[] {
  const { userId, id: correctionId, reason, createdAt } = record;
  const causeId = record.eventId ?? correctionId;
  const totals = { totalPoints: correction.state.totalPoints, level: correction.state.level, previousLevel: correction.previousLevel };
  const notifications: PendingNotification[] = [];
  const byEvent = new Map<string, { eventType: string; journey: string; occurredAt: Date; points: number }>();
  for (const line of correction.lines) {
    const moved = byEvent.get(line.eventId);
    if (moved) moved.points += line.points;
    else byEvent.set(line.eventId, { eventType: line.eventType, journey: line.journey, occurredAt: line.occurredAt, points: line.points });
  }
  for (const [eventId, { eventType, journey, occurredAt, points }] of byEvent) {
    if (points > 0) {
      notifications.push(pointsAwardedNotification(userId, eventId, points, totals, eventType, journey as Journey, occurredAt, createdAt));
    } else if (points < 0) {
      notifications.push({
        userId,
        eventId,
        kind: NotificationKind.POINTS_REVOKED,
        payload: {
          eventId,
          userId,
          points,
          totalPoints: totals.totalPoints,
          level: totals.level,
          eventType,
          journey: journey as Journey,
          occurredAt: occurredAt.toISOString(),
          reason,
          correctionId,
          revokedAt: createdAt.toISOString(),
        },
      });
    }
  }
  for (const key of correction.achievements.gained) {
    const achievement = game.achievementByKey.get(key);
    if (achievement)
      notifications.push(
        achievementUnlockedNotification(userId, causeId, { achievement, tier: null, points: achievement.points, coins: achievement.coins, first: true }, createdAt),
      );
  }
  for (const key of correction.achievements.revoked) {
    const title = game.achievementByKey.get(key)?.title ?? key;
    notifications.push({
      userId,
      eventId: causeId,
      kind: NotificationKind.ACHIEVEMENT_REVOKED,
      payload: { eventId: causeId, userId, achievement: { key, title }, reason, correctionId, revokedAt: createdAt.toISOString() },
    });
  }
  notifications.push({ userId, eventId: causeId, kind: NotificationKind.CORRECTION_APPLIED, payload: { eventId: causeId, userId, correction: correctionView(record) } });
  return notifications;
}

function correctionView(record: CorrectionRecord): CorrectionView {
  const { id, eventId, userId, reason, principal, pointsDelta, totalPoints, level, achievementsRevoked, achievementsGained, questsRevoked, rewardsRevoked } = record;
  return {
    id,
    eventId,
    userId,
    reason,
    principal,
    pointsDelta,
    totalPoints,
    level,
    achievementsRevoked,
    achievementsGained,
    questsRevoked,
    rewardsRevoked,
    createdAt: record.createdAt.toISOString(),
  };
}
