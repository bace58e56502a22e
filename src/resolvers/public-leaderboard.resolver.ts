import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { LeaderboardPeriod } from '../leaderboards/leaderboard';
import { LeaderboardVisibility } from '../leaderboards/public-leaderboard';
import { accessPolicy } from '../platform/auth/access-policy';
import { Role } from '../platform/auth/viewer';
import type { GraphQLContext } from '../schema/context';
import { MemberSettings, PublicLeaderboard } from '../schema/types/public-leaderboard.type';
import { journeyArgument } from './leaderboard.resolver';
import { assertLimit } from './limits';

@Resolver()
export class PublicLeaderboardResolver {
  @Query(() => PublicLeaderboard, {
    description: 'A board as members see it: display names, no member ids, hidden members left out; `me` is the asking member’s own line.',
  })
  async publicLeaderboard(
    @Arg('journey', () => String, { nullable: true }) journey: string | undefined,
    @Arg('period', () => LeaderboardPeriod, { defaultValue: LeaderboardPeriod.ALL_TIME }) period: LeaderboardPeriod,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<PublicLeaderboard> {
    accessPolicy.assertMayReadPublicLeaderboards(viewer);
    return services.members.boards.page({
      journey: journeyArgument(journey),
      period,
      limit: assertLimit('limit', limit, 100),
      ...(viewer.role === Role.USER ? { viewerId: viewer.subject } : {}),
    });
  }

  @Query(() => MemberSettings, { description: 'What the member shows others: display name and leaderboard visibility.' })
  async memberSettings(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<MemberSettings> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.members.settings.get(member);
  }

  @Mutation(() => MemberSettings, {
    description: `The name public boards show (3-32 letters, digits, spaces, . - _ '; no long numbers or blocked words); null goes back to the generated pseudonym.`,
  })
  async setDisplayName(
    @Arg('userId', () => ID) userId: string,
    @Arg('displayName', () => String, { nullable: true }) displayName: string | null,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<MemberSettings> {
    accessPolicy.assertMayChangeMemberSettings(viewer, userId);
    return services.members.settings.setDisplayName(userId, displayName ?? null);
  }

  @Mutation(() => MemberSettings, { description: 'HIDDEN: not listed on public boards (ranks close up); the member still sees its own standing.' })
  async setLeaderboardVisibility(
    @Arg('userId', () => ID) userId: string,
    @Arg('visibility', () => LeaderboardVisibility) visibility: LeaderboardVisibility,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<MemberSettings> {
    accessPolicy.assertMayChangeMemberSettings(viewer, userId);
    return services.members.settings.setVisibility(userId, visibility);
  }
}
