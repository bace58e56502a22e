import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { stringify } from 'yaml';
import { ValidationError } from '../errors';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import type { RecomputeJobRecord } from '../rule-versions/recompute-jobs';
import { POINTS_DELTA_BUCKETS } from '../rule-versions/recompute-impact';
import { GameRules, PublishRulesInput, RecomputeJob, RecomputeJobStatus, RulesPublication, RuleVersion } from '../schema/types/game-rules.type';
import { assertLimit, MaxLimit } from './limits';

const MAX_VERSIONS = 500;
const MAX_JOB_ERRORS = 100;

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
    const publication = await services.rules.publisher.publish({
      document: input.document,
      note: input.note ?? null,
      dryRun: input.dryRun,
      principal: viewer.subject,
      recompute: input.recompute,
      notify: input.notify,
    });
    return { ...publication, job: publication.job && (await toRecomputeJob(publication.job, services)) };
  }

  @Query(() => RecomputeJob, { description: "A recompute job's progress and impact (admin)." })
  async recomputeJob(@Arg('id', () => Int) id: number, @Ctx() { viewer, services }: GraphQLContext): Promise<RecomputeJob> {
    accessPolicy.assertAdmin(viewer);
    const job = await services.rules.jobs.get(id);
    if (!job) throw new ValidationError('id', `no recompute job ${id}`);
    return toRecomputeJob(job, services);
  }

  @FieldResolver(() => String, { description: 'The same document as YAML, as a rules file would hold it.' })
  yaml(@Root() rules: GameRules): string {
    return stringify(rules.document);
  }
}

async function toRecomputeJob(job: RecomputeJobRecord, services: GraphQLContext['services']): Promise<RecomputeJob> {
  const counts = (byKey: Record<string, number>) =>
    Object.entries(byKey)
      .map(([key, members]) => ({ key, members }))
      .sort((a, b) => b.members - a.members || a.key.localeCompare(b.key));
  return {
    ...job,
    ruleVersion: job.ruleVersionId,
    status: job.status as RecomputeJobStatus,
    errors: job.errorCount > 0 ? await services.rules.jobs.errors(job.id, MAX_JOB_ERRORS) : [],
    impact: {
      membersAffected: job.impact.membersAffected,
      pointsDeltaSum: job.impact.pointsDelta.sum,
      pointsDeltaMin: job.impact.pointsDelta.min,
      pointsDeltaMax: job.impact.pointsDelta.max,
      pointsDeltaHistogram: job.impact.pointsDelta.histogram?.map((members, index) => ({ ...POINTS_DELTA_BUCKETS[index], members })) ?? null,
      achievementsGained: counts(job.impact.achievementsGained),
      achievementsLost: counts(job.impact.achievementsLost),
    },
  };
}
