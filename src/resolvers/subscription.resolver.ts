import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { parseUserId } from '../contract/validation/envelope';
import { NotificationKind } from '../engine/notifications/notification';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { AchievementUnlocked, LevelUp, PointsAwarded, QuestCompleted, StreakChanged, WalletChanged } from '../schema/types/notification.type';
import {
  toAchievementUnlocked,
  toLevelUp,
  toPointsAwarded,
  toQuestCompleted,
  toStreakChanged,
  toWalletChanged,
  type NotificationOf,
  type StreakNotification,
  type WalletNotification,
} from './notification-mappers';

/** Checks access before anything is subscribed: another member's channel is FORBIDDEN. */
function subscribeTo(kind: NotificationKind) {
  return ({ args, context }: SubscribeResolverData<unknown, { userId: string }, GraphQLContext>) => {
    const member = accessPolicy.memberToRead(context.viewer, args.userId);
    return context.services.notifications.live.subscribe(parseUserId(member), kind);
  };
}

const MEMBER_ID = { description: 'The member (a user token may only name its own `sub`; admins any member).' };

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => AchievementUnlocked, {
    subscribe: subscribeTo(NotificationKind.ACHIEVEMENT_UNLOCKED),
    description: 'Achievements the member unlocks, once their event committed.',
  })
  achievementUnlocked(@Root() notification: NotificationOf<NotificationKind.ACHIEVEMENT_UNLOCKED>, @Arg('userId', () => ID, MEMBER_ID) _userId: string): AchievementUnlocked {
    return toAchievementUnlocked(notification);
  }

  @Subscription(() => PointsAwarded, {
    subscribe: subscribeTo(NotificationKind.POINTS_AWARDED),
    description: 'Points the member earns, once their event committed.',
  })
  pointsAwarded(@Root() notification: NotificationOf<NotificationKind.POINTS_AWARDED>, @Arg('userId', () => ID, MEMBER_ID) _userId: string): PointsAwarded {
    return toPointsAwarded(notification);
  }

  @Subscription(() => QuestCompleted, {
    subscribe: subscribeTo(NotificationKind.QUEST_COMPLETED),
    description: 'Quests the member completes.',
  })
  questCompleted(@Root() notification: NotificationOf<NotificationKind.QUEST_COMPLETED>, @Arg('userId', () => ID, MEMBER_ID) _userId: string): QuestCompleted {
    return toQuestCompleted(notification);
  }

  @Subscription(() => LevelUp, {
    subscribe: subscribeTo(NotificationKind.LEVEL_UP),
    description: 'Levels the member reaches.',
  })
  levelUp(@Root() notification: NotificationOf<NotificationKind.LEVEL_UP>, @Arg('userId', () => ID, MEMBER_ID) _userId: string): LevelUp {
    return toLevelUp(notification);
  }

  @Subscription(() => StreakChanged, {
    // One topic carries the three streak kinds (see notificationTopic).
    subscribe: subscribeTo(NotificationKind.STREAK_EXTENDED),
    description: "The member's named streaks growing, using a freeze, or breaking (at their next event or by the streak sweep).",
  })
  streakChanged(@Root() notification: StreakNotification, @Arg('userId', () => ID, MEMBER_ID) _userId: string): StreakChanged {
    return toStreakChanged(notification);
  }

  @Subscription(() => WalletChanged, {
    // One topic carries the four wallet kinds (see notificationTopic).
    subscribe: subscribeTo(NotificationKind.REWARD_REDEEMED),
    description: "The member's wallet: rewards redeemed, redemptions cancelled (refunded), coins about to expire (7 days before) or expired.",
  })
  walletChanged(@Root() notification: WalletNotification, @Arg('userId', () => ID, MEMBER_ID) _userId: string): WalletChanged {
    return toWalletChanged(notification);
  }
}
