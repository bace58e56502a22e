import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { Viewer } from '../platform/auth/viewer';
import type { GraphQLContext } from '../schema/context';
import { UserAchievement } from '../schema/types/achievement.type';
import { AwardPointsInput, GrantAchievementInput, ManualAward } from '../schema/types/manual-award.type';
import { GameProfile } from '../schema/types/profile.type';
import { StreakExcuse, UserStreak } from '../schema/types/streak.type';
import { toUserAchievement, toUserStreak } from './mappers';

/** Who made a manual change, as ledger lines and audit rows name them. */
function principalOf(viewer: Viewer): string {
  return `${viewer.role}:${viewer.subject}`;
}

/** Streaks, time zones, excuses and manual awards: the health-programme operations. */
@Resolver()
export class ProgrammeResolver {
  @Query(() => [UserStreak], { description: "The member's named streaks." })
  async streaks(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<UserStreak[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return (await services.reads.streaks(member)).map(toUserStreak);
  }

  @Query(() => [StreakExcuse], { description: 'Excused streak periods of the member, newest first: who, when, why.' })
  async streakExcuses(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<StreakExcuse[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.reads.streakExcuses(member);
  }

  @Mutation(() => GameProfile, { description: "Sets the member's IANA time zone for events processed from now on (the member, a service or an admin)." })
  async setTimeZone(@Arg('userId', () => ID) userId: string, @Arg('timeZone') timeZone: string, @Ctx() { viewer, services, loaders }: GraphQLContext): Promise<GameProfile> {
    accessPolicy.assertMaySetTimeZone(viewer, userId);
    await services.adjustments.setTimeZone(principalOf(viewer), userId, timeZone);
    const profile = (await services.reads.profiles([userId.toLowerCase()])).get(userId.toLowerCase())!;
    loaders.profiles.clear(userId);
    return { ...profile, nextLevelAt: services.game().levels[profile.level] ?? null };
  }

  @Mutation(() => UserStreak, { description: 'Excuses calendar days of a member’s streak, backdated up to 60 days (admin): they neither extend nor break it.' })
  async excuseStreak(
    @Arg('userId', () => ID) userId: string,
    @Arg('streakKey') streakKey: string,
    @Arg('from', { description: 'First day excused (YYYY-MM-DD, member’s zone).' }) from: string,
    @Arg('to', { description: 'Last day excused (YYYY-MM-DD), included.' }) to: string,
    @Arg('reason') reason: string,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<UserStreak> {
    accessPolicy.assertAdmin(viewer);
    await services.adjustments.excuseStreak(principalOf(viewer), { userId, streakKey, from, to, reason });
    const standing = (await services.reads.streaks(userId.toLowerCase())).find((view) => view.streak.key === streakKey)!;
    return toUserStreak(standing);
  }

  @Mutation(() => ManualAward, { description: 'Awards (or, negative, deducts) points by hand (admin or service). Idempotent by key.' })
  async awardPoints(@Arg('input', () => AwardPointsInput) input: AwardPointsInput, @Ctx() { viewer, services }: GraphQLContext): Promise<ManualAward> {
    accessPolicy.assertMayAdjustPoints(viewer);
    return services.adjustments.awardPoints(principalOf(viewer), input);
  }

  @Mutation(() => UserAchievement, { description: 'Grants an achievement by hand (admin or service). Idempotent by key.' })
  async grantAchievement(@Arg('input', () => GrantAchievementInput) input: GrantAchievementInput, @Ctx() { viewer, services }: GraphQLContext): Promise<UserAchievement> {
    accessPolicy.assertMayAdjustPoints(viewer);
    const { key } = await services.adjustments.grantAchievement(principalOf(viewer), input);
    const views = await services.reads.achievements(input.userId.toLowerCase(), true);
    return toUserAchievement(views.find((view) => view.achievement.key === key)!);
  }
}
