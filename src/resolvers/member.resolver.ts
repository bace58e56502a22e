import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { UserAchievement } from '../schema/types/achievement.type';
import { GameProfile, PointsHistoryEntry } from '../schema/types/profile.type';
import { UserQuest } from '../schema/types/quest.type';
import { UserReward } from '../schema/types/reward.type';
import { toUserAchievement, toUserQuest } from './mappers';
import { assertLimit, MaxLimit } from './limits';

const MAX_POINTS_HISTORY = 200;

@Resolver()
export class MemberResolver {
  @Query(() => GameProfile, { nullable: true, description: 'null until the member records a first event.' })
  async profile(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, loaders, services }: GraphQLContext): Promise<GameProfile | null> {
    const member = accessPolicy.memberToRead(viewer, userId);
    const profile = await loaders.profiles.load(member);
    if (!profile) return null;
    const levels = services.game().levels;
    return { ...profile, nextLevelAt: levels[profile.level] ?? null };
  }

  @Query(() => [UserAchievement], { description: 'Every achievement in force, with the member’s progress (hidden ones: to members once unlocked).' })
  async achievements(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<UserAchievement[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return (await services.reads.achievements(member, accessPolicy.seesHiddenAchievements(viewer))).map(toUserAchievement);
  }

  @Query(() => [UserQuest], { description: 'Every quest in force, with the member’s progress.' })
  async quests(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<UserQuest[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return (await services.reads.quests(member)).map(toUserQuest);
  }

  @MaxLimit(MAX_POINTS_HISTORY)
  @Query(() => [PointsHistoryEntry], { description: 'Why the member has their points: ledger lines, newest first.' })
  async pointsHistory(
    @Arg('userId', () => ID) userId: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<PointsHistoryEntry[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.reads.pointsHistory(member, assertLimit('limit', limit, MAX_POINTS_HISTORY));
  }

  @Query(() => [UserReward], { description: 'Rewards the member was granted.' })
  async rewards(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<UserReward[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.reads.rewards(member);
  }
}
