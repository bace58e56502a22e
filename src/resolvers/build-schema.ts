import { ProgrammeResolver } from './programme.resolver';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { FIELD_OWNED_SUBSCRIPTIONS } from '../realtime/field-owned-subscriptions';
import { EventResolver } from './event.resolver';
import { LeaderboardResolver } from './leaderboard.resolver';
import { MemberResolver } from './member.resolver';
import { MemberDataResolver } from './member-data.resolver';
import { PublicLeaderboardResolver } from './public-leaderboard.resolver';
import { NotificationResolver } from './notification.resolver';
import { RulesResolver } from './rules.resolver';
import { SubscriptionResolver } from './subscription.resolver';
import { WebhookResolver } from './webhook.resolver';
import { AdminConsoleResolver } from './admin-console.resolver';
import { WalletResolver } from './wallet.resolver';
import { CorrectionResolver } from './correction.resolver';

export const RESOLVERS = [
  EventResolver,
  MemberResolver,
  LeaderboardResolver,
  PublicLeaderboardResolver,
  MemberDataResolver,
  RulesResolver,
  NotificationResolver,
  SubscriptionResolver,
  ProgrammeResolver,
  WebhookResolver,
  AdminConsoleResolver,
  WalletResolver,
  CorrectionResolver,
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
