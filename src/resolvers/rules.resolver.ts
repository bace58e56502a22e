import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { stringify } from 'yaml';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { GameRules } from '../schema/types/game-rules.type';

@Resolver(() => GameRules)
export class RulesResolver {
  @Query(() => GameRules, { description: 'The rules in force (admin).' })
  async gameRules(@Ctx() { viewer, services }: GraphQLContext): Promise<GameRules> {
    accessPolicy.assertAdmin(viewer);
    return services.rules.current();
  }

  @FieldResolver(() => String, { description: 'The same document as YAML, as a rules file would hold it.' })
  yaml(@Root() rules: GameRules): string {
    return stringify(rules.document);
  }
}
