import { AuthorizationError } from '../../engine/errors';
import { Role, type Viewer } from './viewer';

/**
 * The access rules, in one place. Resolvers and the REST door call these first, before any
 * work, so a refused request changes nothing.
 */
export const accessPolicy = {
  /** Record an event for `userId`: the member itself, or a back-end service. */
  assertMayRecordFor(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.SERVICE) return;
    if (viewer.role === Role.USER && viewer.subject === userId) return;
    throw new AuthorizationError(`role "${viewer.role}" may not record events for user ${userId}`);
  },

  /** Read or subscribe to a member's data: the member itself, or an admin. */
  assertMayReadMember(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.ADMIN) return;
    if (viewer.role === Role.USER && viewer.subject === userId) return;
    throw new AuthorizationError(`role "${viewer.role}" may not read data of user ${userId}`);
  },

  /** Boards list other members' ids and points: admins only (members use `myRank`). */
  assertMayReadLeaderboards(viewer: Viewer): void {
    if (viewer.role !== Role.ADMIN) throw new AuthorizationError('leaderboards list other members: this needs the admin role (use myRank for your own standing)');
  },

  /** Award or deduct points, grant an achievement: an admin or a back-end service, never a member. */
  assertMayAdjustPoints(viewer: Viewer): void {
    if (viewer.role === Role.ADMIN || viewer.role === Role.SERVICE) return;
    throw new AuthorizationError('manual awards and grants need the admin or service role');
  },

  /** Set a member's time zone: the member itself, a service or an admin. */
  assertMaySetTimeZone(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.ADMIN || viewer.role === Role.SERVICE) return;
    if (viewer.role === Role.USER && viewer.subject === userId) return;
    throw new AuthorizationError(`role "${viewer.role}" may not set the time zone of user ${userId}`);
  },

  /** Hidden achievements are listed to admins; a member sees them once unlocked. */
  seesHiddenAchievements(viewer: Viewer): boolean {
    return viewer.role === Role.ADMIN;
  },

  /** Public boards show display names only: any signed-in member, admin or service. */
  assertMayReadPublicLeaderboards(viewer: Viewer): void {
    if (viewer.role !== Role.USER && viewer.role !== Role.ADMIN && viewer.role !== Role.SERVICE) {
      throw new AuthorizationError(`role "${viewer.role}" may not read leaderboards`);
    }
  },

  /** A member's display name and visibility: the member itself, or an admin (moderation). */
  assertMayChangeMemberSettings(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.ADMIN) return;
    if (viewer.role === Role.USER && viewer.subject === userId) return;
    throw new AuthorizationError(`role "${viewer.role}" may not change settings of user ${userId}`);
  },

  /** Operations data: rules, dead letters, any member. */
  assertAdmin(viewer: Viewer): void {
    if (viewer.role !== Role.ADMIN) throw new AuthorizationError('this operation needs the admin role');
  },
};
