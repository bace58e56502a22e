import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { EventResolver } from '../resolvers/event.resolver';
import { LeaderboardResolver } from '../resolvers/leaderboard.resolver';
import { MemberResolver } from '../resolvers/member.resolver';
import { RulesResolver } from '../resolvers/rules.resolver';

export const RESOLVERS = [EventResolver, MemberResolver, LeaderboardResolver, RulesResolver] as const;

/** The GraphQL schema; `emitTo` writes it as SDL (the committed schema.graphql). */
export function buildGameSchema(options: { pubSub?: PubSub; emitTo?: string } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    pubSub: options.pubSub,
    emitSchemaFile: options.emitTo ? { path: options.emitTo, sortedSchema: false } : false,
  });
}
