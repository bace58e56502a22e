import { NotificationKind, type PendingNotification, type WalletChangedPayload } from '../engine/notifications/notification';

type WalletKind = NotificationKind.REWARD_REDEEMED | NotificationKind.REDEMPTION_CANCELLED | NotificationKind.COINS_EXPIRING | NotificationKind.COINS_EXPIRED;

/** A wallet notification (walletChanged; webhooks: reward.redeemed, redemption.cancelled, coins.expiring, coins.expired). */
export function walletNotification(
  kind: WalletKind,
  userId: string,
  eventId: string,
  change: Omit<WalletChangedPayload, 'eventId' | 'userId' | 'changedAt'>,
  changedAt: Date,
): PendingNotification {
  return { userId, eventId, kind, payload: { eventId, userId, ...change, changedAt: changedAt.toISOString() } };
}
