import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { canonicalUserId, isJourney, ValidationError, type Journey } from '../contract';
import { LeaderboardPeriod } from '../leaderboards/leaderboard';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { Leaderboard, LeaderboardEntry } from '../schema/types/leaderboard.type';
import { assertLimit, MaxLimit } from './limits';

/** The optional `journey` argument of board queries, checked. */
export function journeyArgument(journey: string | undefined | null): Journey | undefined {
  if (journey === undefined || journey === null) return undefined;
  if (!isJourney(journey)) throw new ValidationError('journey', `must be one of health, care, plan, user; received "${journey}"`);
  return journey;
}

const MAX_LEADERBOARD_PAGE = 100;

@Resolver(() => LeaderboardEntry)
export class LeaderboardResolver {
  @MaxLimit(MAX_LEADERBOARD_PAGE)
  @Query(() => Leaderboard, {
    description:
      'Top members overall or per journey, for a calendar period; `around` centres the page on a member. Admin only: it lists other members (a member reads its own standing with myRank).',
  })
  async leaderboard(
    @Arg('journey', () => String, { nullable: true }) journey: string | undefined,
    @Arg('period', () => LeaderboardPeriod, { defaultValue: LeaderboardPeriod.ALL_TIME }) period: LeaderboardPeriod,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Arg('around', () => ID, { nullable: true }) around: string | undefined,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<Leaderboard> {
    accessPolicy.assertMayReadLeaderboards(viewer);
    return services.leaderboards.top({
      journey: journeyArgument(journey),
      period,
      limit: assertLimit('limit', limit, MAX_LEADERBOARD_PAGE),
      around: around ? canonicalUserId(around) : undefined,
    });
  }

  @Query(() => LeaderboardEntry, { nullable: true, description: "A member's rank and points on a board; null when not ranked." })
  async myRank(
    @Arg('userId', () => ID) userId: string,
    @Arg('journey', () => String, { nullable: true }) journey: string | undefined,
    @Arg('period', () => LeaderboardPeriod, { defaultValue: LeaderboardPeriod.ALL_TIME }) period: LeaderboardPeriod,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<LeaderboardEntry | null> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.leaderboards.rankOf(member, { journey: journeyArgument(journey), period });
  }

  @FieldResolver(() => Int, { nullable: true, description: "The member's level (batched across the page)." })
  async level(@Root() entry: LeaderboardEntry, @Ctx() { loaders }: GraphQLContext): Promise<number | null> {
    return (await loaders.profiles.load(entry.userId))?.level ?? null;
  }
}
