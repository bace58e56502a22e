import { Ctx, Query, Resolver } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { GameRules } from '../schema/types/game-rules.type';

@Resolver()
export class RulesResolver {
  @Query(() => GameRules, { description: 'The rules in force (admin).' })
  async gameRules(@Ctx() { viewer, services }: GraphQLContext): Promise<GameRules> {
    accessPolicy.assertAdmin(viewer);
    return services.rules.current();
  }
}
