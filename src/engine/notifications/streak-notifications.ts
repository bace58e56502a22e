import { periodKeyOf } from '../calendar/member-calendar';
import type { StreakChangeKind, StreakUpdate } from '../streaks/update-streak';
import { NotificationKind, type PendingNotification } from './notification';

const KIND_OF: Record<StreakChangeKind, NotificationKind.STREAK_BROKEN | NotificationKind.STREAK_FREEZE_USED | NotificationKind.STREAK_EXTENDED> = {
  broken: NotificationKind.STREAK_BROKEN,
  'freeze-used': NotificationKind.STREAK_FREEZE_USED,
  extended: NotificationKind.STREAK_EXTENDED,
};

/** One notification per change of each streak update, in the order the member should hear them. */
export function streakNotifications(userId: string, eventId: string, updates: readonly StreakUpdate[], changedAt: Date): PendingNotification[] {
  const notifications: PendingNotification[] = [];
  for (const { streak, after, changes } of updates) {
    for (const change of changes) {
      const period = change === 'extended' ? after.lastActive : change === 'broken' ? after.lastBreak : (after.frozen[after.frozen.length - 1] ?? null);
      notifications.push({
        userId,
        eventId,
        kind: KIND_OF[change],
        payload: {
          eventId,
          userId,
          streak: { key: streak.key, title: streak.title, per: streak.per },
          current: after.current,
          longest: after.longest,
          freezesHeld: after.freezesHeld,
          period: period === null ? null : periodKeyOf(period, streak.per),
          changedAt: changedAt.toISOString(),
        },
      });
    }
  }
  return notifications;
}
