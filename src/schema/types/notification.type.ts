import { createUnionType, Field, ID, InterfaceType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationKind } from '../../engine/notifications/notification';
import { Achievement } from './achievement.type';
import { CompletedQuest } from './event-result.type';

registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'What a notification tells a member.' });

@InterfaceType({ description: 'What every notification carries.' })
export abstract class NotificationFields {
  @Field(() => ID, { description: 'Outbox id: increases per member in commit order; the `after` cursor of the notifications query.' })
  notificationId!: string;

  @Field(() => ID, { description: 'The event that caused it; a repeat delivery carries the same eventId.' })
  eventId!: string;

  @Field(() => ID) userId!: string;
}

@ObjectType({ description: 'Points an event earned, sent once it committed.', implements: NotificationFields })
export class PointsAwarded extends NotificationFields {
  @Field(() => Int, { description: "The event's pointsAwarded, bonuses included." }) points!: number;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field() eventType!: string;
  @Field() journey!: string;
  @Field(() => Date, { description: 'When the event happened.' }) occurredAt!: Date;
  @Field(() => Date, { description: 'When the engine committed the award.' }) awardedAt!: Date;
}

@ObjectType({ description: 'An achievement an event unlocked.', implements: NotificationFields })
export class AchievementUnlocked extends NotificationFields {
  @Field(() => Achievement) achievement!: Achievement;
  @Field(() => String, { nullable: true, description: 'The tier reached, for a tiered achievement (each tier is its own unlock).' }) tier!: string | null;
  @Field(() => Date, { description: 'The unlocking event’s time.' }) unlockedAt!: Date;
}

@ObjectType({ description: 'A quest an event completed.', implements: NotificationFields })
export class QuestCompleted extends NotificationFields {
  @Field(() => CompletedQuest) quest!: CompletedQuest;
  @Field(() => Date) completedAt!: Date;
}

@ObjectType({ description: 'A member reached a new level.', implements: NotificationFields })
export class LevelUp extends NotificationFields {
  @Field(() => Int) level!: number;
  @Field(() => Int) previousLevel!: number;
  @Field(() => Int) totalPoints!: number;
}

@ObjectType({ description: 'A named streak as a notification names it.' })
export class StreakRef {
  @Field() key!: string;
  @Field() title!: string;
  @Field({ description: 'day or week' }) per!: string;
}

@ObjectType({ description: 'A named streak grew, used a freeze, or broke.', implements: NotificationFields })
export class StreakChanged extends NotificationFields {
  @Field(() => NotificationKind, { description: 'STREAK_EXTENDED, STREAK_FREEZE_USED or STREAK_BROKEN.' }) kind!: NotificationKind;
  @Field(() => StreakRef) streak!: StreakRef;
  @Field(() => Int) current!: number;
  @Field(() => Int) longest!: number;
  @Field(() => Int) freezesHeld!: number;
  @Field(() => String, { nullable: true, description: 'The period that extended it, was frozen, or was missed (2026-11-26, 2026-W48).' })
  period!: string | null;
  @Field(() => Date) changedAt!: Date;
}

@ObjectType({ description: 'A reward as a wallet notification names it.' })
export class WalletRewardRef {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => Int) cost!: number;
}

@ObjectType({ description: 'The wallet changed other than by earning: a reward redeemed or cancelled, coins about to expire or expired.', implements: NotificationFields })
export class WalletChanged extends NotificationFields {
  @Field(() => NotificationKind, { description: 'REWARD_REDEEMED, REDEMPTION_CANCELLED, COINS_EXPIRING or COINS_EXPIRED.' }) kind!: NotificationKind;
  @Field(() => Int, { description: 'Coins moved (negative: spent or expired; positive: refunded); for COINS_EXPIRING, the coins about to expire.' })
  amount!: number;
  @Field(() => Int, { description: 'The balance after the change.' }) balance!: number;
  @Field(() => WalletRewardRef, { nullable: true }) reward!: WalletRewardRef | null;
  @Field(() => ID, { nullable: true }) redemptionId!: string | null;
  @Field(() => Date, { nullable: true, description: 'For COINS_EXPIRING: when the earliest of those coins expire.' }) expiresAt!: Date | null;
  @Field(() => Date) changedAt!: Date;
}

@ObjectType({ description: 'Points a correction took back from one event (a retraction): the boards move down in that event’s periods.', implements: NotificationFields })
export class PointsRevoked extends NotificationFields {
  @Field(() => Int, { description: 'Negative: the points the member lost.' }) points!: number;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field() eventType!: string;
  @Field() journey!: string;
  @Field(() => Date, { description: 'When the event happened.' }) occurredAt!: Date;
  @Field() reason!: string;
  @Field(() => ID) correctionId!: string;
  @Field(() => Date) revokedAt!: Date;
}

@ObjectType({ description: 'An achievement as a revocation names it.' })
export class RevokedAchievementRef {
  @Field() key!: string;
  @Field() title!: string;
}

@ObjectType({ description: 'An achievement (or a tier of it) a correction took back.', implements: NotificationFields })
export class AchievementRevoked extends NotificationFields {
  @Field(() => RevokedAchievementRef) achievement!: RevokedAchievementRef;
  @Field() reason!: string;
  @Field(() => ID) correctionId!: string;
  @Field(() => Date) revokedAt!: Date;
}

@ObjectType({ description: 'A correction of a member’s history: an event retracted, and the member recomputed without it.' })
export class Correction {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'The event retracted.' }) eventId!: string | null;
  @Field(() => ID) userId!: string;
  @Field() reason!: string;
  @Field(() => Int, { description: 'Points gained (positive) or lost (negative).' }) pointsDelta!: number;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field(() => [String]) achievementsRevoked!: string[];
  @Field(() => [String]) achievementsGained!: string[];
  @Field(() => [String]) questsRevoked!: string[];
  @Field(() => [String]) rewardsRevoked!: string[];
  @Field(() => Date) createdAt!: Date;
  @Field({ description: 'Who asked: role:subject, or rules for a rules-driven retraction.' }) principal!: string;
}

@ObjectType({ description: 'A correction applied to the member (correctionApplied, and the notifications catch-up).', implements: NotificationFields })
export class CorrectionApplied extends NotificationFields {
  @Field(() => Correction) correction!: Correction;
}

export const NotificationPayload = createUnionType({
  name: 'NotificationPayload',
  types: () => [PointsAwarded, AchievementUnlocked, QuestCompleted, LevelUp, StreakChanged, WalletChanged, PointsRevoked, AchievementRevoked, CorrectionApplied] as const,
});

@ObjectType('Notification', { description: 'A committed notification, as the catch-up query returns it.' })
export class MemberNotification {
  @Field(() => ID, { description: 'Outbox id; pass the last one seen as `after`.' }) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => ID) eventId!: string;
  @Field(() => ID) userId!: string;
  @Field(() => Date, { description: 'When its transaction wrote it.' }) createdAt!: Date;
  @Field(() => NotificationPayload) payload!: typeof NotificationPayload;
}
