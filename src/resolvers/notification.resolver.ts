import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { parseUserId } from '../contract/validation/envelope';
import { ValidationError } from '../errors';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { MemberNotification } from '../schema/types/notification.type';
import { assertLimit, MaxLimit } from './limits';
import { toMemberNotification } from './notification-mappers';

const MAX_NOTIFICATIONS_PAGE = 500;

@Resolver()
export class NotificationResolver {
  @MaxLimit(MAX_NOTIFICATIONS_PAGE)
  @Query(() => [MemberNotification], {
    description: 'Catch-up for a reconnecting app: committed notifications after the cursor `after` (a notificationId), oldest first.',
  })
  async notifications(
    @Arg('userId', () => ID) userId: string,
    @Arg('after', () => ID, { nullable: true, description: 'The last notificationId the app saw; from the start when absent.' }) after: string | undefined,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<MemberNotification[]> {
    const member = accessPolicy.memberToRead(viewer, userId);
    if (after !== undefined && after !== null && !/^\d{1,18}$/.test(after)) throw new ValidationError('after', `must be a notificationId, received "${after}"`);
    const notifications = await services.notifications.history.since(parseUserId(member), after ?? '0', assertLimit('limit', limit, MAX_NOTIFICATIONS_PAGE));
    return notifications.map(toMemberNotification);
  }
}
