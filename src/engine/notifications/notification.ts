import type { Journey } from '../../contract';

/** What a member can be told about; one pub/sub channel per member and kind. */
export enum NotificationKind {
  POINTS_AWARDED = 'POINTS_AWARDED',
  ACHIEVEMENT_UNLOCKED = 'ACHIEVEMENT_UNLOCKED',
  QUEST_COMPLETED = 'QUEST_COMPLETED',
  LEVEL_UP = 'LEVEL_UP',
  STREAK_EXTENDED = 'STREAK_EXTENDED',
  STREAK_FREEZE_USED = 'STREAK_FREEZE_USED',
  STREAK_BROKEN = 'STREAK_BROKEN',
  REWARD_REDEEMED = 'REWARD_REDEEMED',
  REDEMPTION_CANCELLED = 'REDEMPTION_CANCELLED',
  COINS_EXPIRING = 'COINS_EXPIRING',
  COINS_EXPIRED = 'COINS_EXPIRED',
  POINTS_REVOKED = 'POINTS_REVOKED',
  ACHIEVEMENT_REVOKED = 'ACHIEVEMENT_REVOKED',
  CORRECTION_APPLIED = 'CORRECTION_APPLIED',
}

const STREAK_KINDS: ReadonlySet<NotificationKind> = new Set([NotificationKind.STREAK_EXTENDED, NotificationKind.STREAK_FREEZE_USED, NotificationKind.STREAK_BROKEN]);

/** The wallet's changes other than earning (which pointsAwarded's event result reports). */
export const WALLET_KINDS: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.REWARD_REDEEMED,
  NotificationKind.REDEMPTION_CANCELLED,
  NotificationKind.COINS_EXPIRING,
  NotificationKind.COINS_EXPIRED,
]);

/**
 * The kinds one subscription delivers together share a topic (its pub/sub channel): the three
 * streak changes travel on `streakChanged`, the wallet's on `walletChanged`; every other kind is its own topic.
 */
export function notificationTopic(kind: NotificationKind): NotificationKind {
  if (STREAK_KINDS.has(kind)) return NotificationKind.STREAK_EXTENDED;
  return WALLET_KINDS.has(kind) ? NotificationKind.REWARD_REDEEMED : kind;
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

/**
 * The wallet changed other than by earning: a reward redeemed (to the member and fulfilment
 * systems), a redemption cancelled (refunded), coins about to expire (7 days before) or expired.
 */
export interface WalletChangedPayload {
  eventId: string;
  userId: string;
  /** Coins moved: negative for a redemption or an expiry, positive for a refund; for a warning, the coins about to expire. */
  amount: number;
  /** The balance after the change. */
  balance: number;
  /** The reward redeemed or cancelled. */
  reward: { key: string; title: string; cost: number } | null;
  redemptionId: string | null;
  /** For a warning: when the (earliest of the) coins expire. */
  expiresAt: string | null;
  changedAt: string;
}

/** Points a correction took back from one event (a retraction, a recompute under new rules). */
export interface PointsRevokedPayload {
  /** The event whose points were taken back. */
  eventId: string;
  userId: string;
  /** Negative: what the member lost. */
  points: number;
  totalPoints: number;
  level: number;
  eventType: string;
  journey: Journey;
  /** The event's own time: the leaderboard periods it is taken from. */
  occurredAt: string;
  reason: string;
  correctionId: string;
  revokedAt: string;
}

/** An achievement (or a tier, or a period of a repeatable goal) a correction took back. */
export interface AchievementRevokedPayload {
  eventId: string;
  userId: string;
  achievement: { key: string; title: string };
  reason: string;
  correctionId: string;
  revokedAt: string;
}

/** A correction as recorded (the GraphQL `Correction` type). */
export interface CorrectionView {
  id: string;
  /** The event retracted, or null. */
  eventId: string | null;
  userId: string;
  reason: string;
  principal: string;
  pointsDelta: number;
  totalPoints: number;
  level: number;
  achievementsRevoked: string[];
  achievementsGained: string[];
  questsRevoked: string[];
  rewardsRevoked: string[];
  createdAt: string;
}

/** A correction applied to the member: what `correctionApplied` delivers. */
export interface CorrectionAppliedPayload {
  eventId: string;
  userId: string;
  correction: CorrectionView;
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
  [NotificationKind.REWARD_REDEEMED]: WalletChangedPayload;
  [NotificationKind.REDEMPTION_CANCELLED]: WalletChangedPayload;
  [NotificationKind.COINS_EXPIRING]: WalletChangedPayload;
  [NotificationKind.COINS_EXPIRED]: WalletChangedPayload;
  [NotificationKind.POINTS_REVOKED]: PointsRevokedPayload;
  [NotificationKind.ACHIEVEMENT_REVOKED]: AchievementRevokedPayload;
  [NotificationKind.CORRECTION_APPLIED]: CorrectionAppliedPayload;
}

/** A committed notification as the outbox holds it; `id` is the catch-up cursor. */
export type Notification = {
  [K in NotificationKind]: { id: string; userId: string; kind: K; eventId: string; payload: NotificationPayloads[K]; createdAt: Date };
}[NotificationKind];

export type PendingNotification = Omit<Notification, 'id' | 'createdAt'>;
