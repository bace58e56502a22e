import { ProgrammeResolver } from '../resolvers/programme.resolver';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { FIELD_OWNED_SUBSCRIPTIONS } from '../realtime/field-owned-subscriptions';
import { EventResolver } from '../resolvers/event.resolver';
import { LeaderboardResolver } from '../resolvers/leaderboard.resolver';
import { MemberResolver } from '../resolvers/member.resolver';
import { MemberDataResolver } from '../resolvers/member-data.resolver';
import { PublicLeaderboardResolver } from '../resolvers/public-leaderboard.resolver';
import { NotificationResolver } from '../resolvers/notification.resolver';
import { RulesResolver } from '../resolvers/rules.resolver';
import { SubscriptionResolver } from '../resolvers/subscription.resolver';
import { WebhookResolver } from '../resolvers/webhook.resolver';
import { AdminConsoleResolver } from '../resolvers/admin-console.resolver';
import { WalletResolver } from '../resolvers/wallet.resolver';

export const RESOLVERS = [
  EventResolver, MemberResolver, LeaderboardResolver, PublicLeaderboardResolver, MemberDataResolver, RulesResolver, NotificationResolver,
  SubscriptionResolver, ProgrammeResolver, WebhookResolver, AdminConsoleResolver, WalletResolver,
] as const;

/** The GraphQL schema; `emitTo` writes it as SDL (the committed schema.graphql). */
export function buildGameSchema(options: { emitTo?: string } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    pubSub: FIELD_OWNED_SUBSCRIPTIONS,
    emitSchemaFile: options.emitTo ? { path: options.emitTo, sortedSchema: false } : false,
  });
}
