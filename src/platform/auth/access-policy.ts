import { canonicalUserId, isEventType, type EventProducers, type Producer } from '../../contract';
import { AuthorizationError } from '../../errors';
import { Role, type Viewer } from './viewer';

/** The parts of a raw event the access rules read (before validation). */
export interface EventToRecord {
  type: unknown;
  userId: unknown;
}

/**
 * The access rules, in one place. Resolvers and the REST door call these first, before any
 * work, so a refused request changes nothing. Member ids compare in their one spelling
 * (UUIDs lower-cased), whatever case the token or the argument used.
 */
export const accessPolicy = {
  /**
   * Record an event: a member for itself and only the types a member may send (`producers`,
   * the contract's defaults and the rules file's overrides), or a back-end service for anyone
   * and any type. An unknown type is left to validation.
   */
  assertMayRecord(viewer: Viewer, event: EventToRecord, producers: EventProducers): void {
    if (viewer.role === Role.SERVICE) return;
    const userId = typeof event.userId === 'string' ? canonicalUserId(event.userId) : '';
    if (viewer.role !== Role.USER || viewer.subject !== userId) {
      throw new AuthorizationError(`role "${viewer.role}" may not record events for user ${String(event.userId)}`);
    }
    if (isEventType(event.type) && !producers.get(event.type)?.has('member')) {
      throw new AuthorizationError(`event type ${event.type} is sent by back-end services only: a member's token may not record it`);
    }
  },

  /** Who sends what a viewer records: a member's token is the app; any other token is a back end. */
  producerOf(viewer: Viewer): Producer {
    return viewer.role === Role.USER ? 'member' : 'service';
  },

  /**
   * Read or subscribe to a member's data: the member itself, or an admin. Returns the member id
   * to read, in its one spelling.
   */
  memberToRead(viewer: Viewer, userId: string): string {
    const member = canonicalUserId(userId);
    if (viewer.role === Role.ADMIN) return member;
    if (viewer.role === Role.USER && viewer.subject === member) return member;
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
    if (viewer.role === Role.USER && viewer.subject === canonicalUserId(userId)) return;
    throw new AuthorizationError(`role "${viewer.role}" may not set the time zone of user ${userId}`);
  },

  /** Hidden achievements are listed to admins; a member sees them once unlocked. */
  seesHiddenAchievements(viewer: Viewer): boolean {
    return viewer.role === Role.ADMIN;
  },

  /** Public boards show display names only: any signed-in member, admin or service. */
  assertMayReadPublicLeaderboards(viewer: Viewer): void {
    if (viewer.role !== Role.USER && viewer.role !== Role.ADMIN && viewer.role !== Role.SERVICE) {
      throw new AuthorizationError(`role "${String(viewer.role)}" may not read leaderboards`);
    }
  },

  /** A member's display name and visibility: the member itself, or an admin (moderation). */
  assertMayChangeMemberSettings(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.ADMIN) return;
    if (viewer.role === Role.USER && viewer.subject === canonicalUserId(userId)) return;
    throw new AuthorizationError(`role "${viewer.role}" may not change settings of user ${userId}`);
  },

  /** Redeem a reward with a member's coins: the member itself, or a back-end service (a shop acting for them). */
  assertMayRedeem(viewer: Viewer, userId: string): void {
    if (viewer.role === Role.SERVICE) return;
    if (viewer.role === Role.USER && viewer.subject === canonicalUserId(userId)) return;
    throw new AuthorizationError(`role "${viewer.role}" may not redeem rewards for user ${userId}`);
  },

  /** Cancel a redemption (refund and restock): an admin or a back-end service (fulfilment), never the member. */
  assertMayCancelRedemption(viewer: Viewer): void {
    if (viewer.role === Role.ADMIN || viewer.role === Role.SERVICE) return;
    throw new AuthorizationError('cancelling a redemption needs the admin or service role');
  },

  /** Retract an event (its member recomputed without it): an admin or a back-end service (the system that rejected a claim), never a member. */
  assertMayRetract(viewer: Viewer): void {
    if (viewer.role === Role.ADMIN || viewer.role === Role.SERVICE) return;
    throw new AuthorizationError('retracting an event needs the admin or service role');
  },

  /** The rewards catalogue (prices, stock, windows; nothing about members): any signed-in caller. */
  assertMayReadCatalogue(viewer: Viewer): void {
    if (viewer.role !== Role.USER && viewer.role !== Role.ADMIN && viewer.role !== Role.SERVICE) {
      throw new AuthorizationError(`role "${String(viewer.role)}" may not read the catalogue`);
    }
  },

  /** Operations data: rules, dead letters, any member. */
  assertAdmin(viewer: Viewer): void {
    if (viewer.role !== Role.ADMIN) throw new AuthorizationError('this operation needs the admin role');
  },
};
