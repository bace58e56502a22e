import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { stringify } from 'yaml';
import { ValidationError } from '../errors';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { GameRules, PublishRulesInput, RulesPublication, RuleVersion } from '../schema/types/game-rules.type';
import { assertLimit, MaxLimit } from './limits';

const MAX_VERSIONS = 500;

@Resolver(() => GameRules)
export class RulesResolver {
  @Query(() => GameRules, { description: 'A rule version with its document: the one in force unless `version` is given (admin).' })
  async gameRules(@Arg('version', () => Int, { nullable: true }) version: number | undefined, @Ctx() { viewer, services }: GraphQLContext): Promise<GameRules> {
    accessPolicy.assertAdmin(viewer);
    const stored = await services.rules.versions.get(version ?? undefined);
    if (!stored) throw new ValidationError('version', `no rule version ${version} was published`);
    const { document, ...record } = stored;
    return { id: record.hash, source: record.source, loadedAt: record.publishedAt, version: record, document };
  }

  @Query(() => [RuleVersion], { description: 'Published rule versions, newest first (admin).' })
  @MaxLimit(MAX_VERSIONS)
  async ruleVersions(@Arg('limit', () => Int, { defaultValue: 50 }) limit: number, @Ctx() { viewer, services }: GraphQLContext): Promise<RuleVersion[]> {
    accessPolicy.assertAdmin(viewer);
    return services.rules.versions.list(assertLimit('limit', limit, MAX_VERSIONS));
  }

  @Mutation(() => RulesPublication, {
    description:
      'Checks a rules document and compares it with the version in force; unless dryRun (the default), puts it in force for events from then on, in every process at once (admin). Problems come back as errors, changing nothing.',
  })
  async publishRules(@Arg('input', () => PublishRulesInput) input: PublishRulesInput, @Ctx() { viewer, services }: GraphQLContext): Promise<RulesPublication> {
    accessPolicy.assertAdmin(viewer);
    return services.rules.publisher.publish({ document: input.document, note: input.note ?? null, dryRun: input.dryRun, principal: viewer.subject });
  }

  @FieldResolver(() => String, { description: 'The same document as YAML, as a rules file would hold it.' })
  yaml(@Root() rules: GameRules): string {
    return stringify(rules.document);
  }
}
