import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { parseUserId } from '../contract/validation/envelope';
import { NotificationKind } from '../engine/notifications/notification';
import type { CorrectionRecord } from '../engine/recompute/correction-record';
import { accessPolicy } from '../platform/auth/access-policy';
import type { Viewer } from '../platform/auth/viewer';
import type { GraphQLContext } from '../schema/context';
import { HeldEvent, RetractEventInput, ReviewEventInput } from '../schema/types/correction.type';
import { EventResult } from '../schema/types/event-result.type';
import { Correction } from '../schema/types/notification.type';
import { assertLimit, MaxLimit } from './limits';
import { toEventResult } from './mappers';
import { toCorrectionApplied, type NotificationOf } from './notification-mappers';

const MAX_CORRECTIONS = 200;

function toCorrection(record: CorrectionRecord): Correction {
  const { id, eventId, userId, reason, pointsDelta, totalPoints, level, achievementsRevoked, achievementsGained, questsRevoked, rewardsRevoked, createdAt, principal } = record;
  return { id, eventId, userId, reason, pointsDelta, totalPoints, level, achievementsRevoked, achievementsGained, questsRevoked, rewardsRevoked, createdAt, principal };
}

function principalOf(viewer: Viewer): string {
  return `${viewer.role}:${viewer.subject}`;
}

/** Corrections of a member's history: retracting an event, listing corrections, hearing of them. */
@Resolver()
export class CorrectionResolver {
  @Mutation(() => Correction, {
    description:
      'Takes an event back (admin or service): it stays stored, marked retracted, and its member is recomputed without it. Idempotent by key; retracting an event again returns its first correction.',
  })
  async retractEvent(@Arg('input', () => RetractEventInput) input: RetractEventInput, @Ctx() { viewer, services }: GraphQLContext): Promise<Correction> {
    accessPolicy.assertMayRetract(viewer);
    return toCorrection(await services.corrections.retraction.retract(principalOf(viewer), input));
  }

  @MaxLimit(MAX_CORRECTIONS)
  @Query(() => [Correction], { description: 'The member’s corrections, newest first. The member itself or an admin.' })
  async corrections(
    @Arg('userId', () => ID) userId: string,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<Correction[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return (await services.corrections.reads.list(member, assertLimit('limit', limit, MAX_CORRECTIONS))).map(toCorrection);
  }

  @MaxLimit(MAX_CORRECTIONS)
  @Query(() => [HeldEvent], { description: 'Events plausibility holds kept for review, oldest first (admin).' })
  async heldEvents(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last event of the previous page.' }) after: string | null,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<HeldEvent[]> {
    accessPolicy.assertAdmin(viewer);
    return services.corrections.reads.held(assertLimit('limit', limit, MAX_CORRECTIONS), after ?? null);
  }

  @Mutation(() => EventResult, {
    description: 'Releases a held event (it counts as if it had arrived in order; its member hears what it earned) or rejects it (kept, no effect). Admin.',
  })
  async reviewEvent(@Arg('input', () => ReviewEventInput) input: ReviewEventInput, @Ctx() { viewer, services }: GraphQLContext): Promise<EventResult> {
    accessPolicy.assertAdmin(viewer);
    return toEventResult(await services.corrections.review.review(principalOf(viewer), input));
  }

  @Subscription(() => Correction, {
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { userId: string }, GraphQLContext>) =>
      context.services.notifications.live.subscribe(parseUserId(accessPolicy.memberToRead(context.viewer, args.userId)), NotificationKind.CORRECTION_APPLIED),
    description: 'Corrections of the member’s history (a retraction), once committed.',
  })
  correctionApplied(
    @Root() notification: NotificationOf<NotificationKind.CORRECTION_APPLIED>,
    @Arg('userId', () => ID, { description: 'The member (a user token may only name its own `sub`; admins any member).' }) _userId: string,
  ): Correction {
    return toCorrectionApplied(notification).correction;
  }
}
