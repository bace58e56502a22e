import { Arg, Ctx, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ValidationError } from '../contract';
import { accessPolicy } from '../platform/auth/access-policy';
import type { SampledActivity } from '../realtime/game-activity';
import type { GraphQLContext } from '../schema/context';
import { DeadLetterPage, ReprocessDeadLettersInput, ReprocessSummary } from '../schema/types/dead-letter.type';
import { GameActivity } from '../schema/types/game-activity.type';
import { GameStats } from '../schema/types/game-stats.type';
import { assertLimit, MaxLimit } from './limits';
import { selectDeadLetterTopics } from '../dead-letters/topic-selection';
import { parseDeadLetterCursor, toDeadLetter, toTopicCount } from './dead-letter-mappers';

const MAX_DEAD_LETTER_PAGE = 100;
const MAX_REPROCESS_BATCH = 1000;

/** What the admin console reads and does beyond the member and board queries: overview, dead letters, live activity. */
@Resolver()
export class AdminConsoleResolver {
  @Query(() => GameStats, { description: 'Overview of the last `windowMinutes` (admin), read from the database: the same on every API node.' })
  async stats(@Arg('windowMinutes', () => Int, { defaultValue: 60 }) windowMinutes: number, @Ctx() { viewer, services }: GraphQLContext): Promise<GameStats> {
    accessPolicy.assertAdmin(viewer);
    const view = await services.stats.stats(windowMinutes);
    return { ...view, deadLetters: view.deadLetters?.map(toTopicCount) ?? null };
  }

  @MaxLimit(MAX_DEAD_LETTER_PAGE)
  @Query(() => DeadLetterPage, { description: 'Pending dead letters (admin), oldest first: the same listing as `npm run dlq list`.' })
  async deadLetters(
    @Arg('topic', () => String, { nullable: true, description: 'A journey or dead-letter topic (default: all).' }) topic: string | undefined,
    @Arg('limit', () => Int, { defaultValue: 20, description: 'Letters per topic.' }) limit: number,
    @Arg('after', () => String, { nullable: true, description: 'A letter’s `cursor`: read on after it (needs `topic`).' }) after: string | undefined,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<DeadLetterPage> {
    accessPolicy.assertAdmin(viewer);
    assertLimit('limit', limit, MAX_DEAD_LETTER_PAGE);
    const desk = services.deadLetters;
    if (!desk) return { kafka: false, topics: [], letters: [] };
    const topics = selectDeadLetterTopics(desk.topics, topic ? [topic] : undefined);
    if (after && topics.length !== 1) throw new ValidationError('after', 'a cursor reads on in one topic: name it with `topic`');
    const page = await desk.pending(topics, limit, after ? parseDeadLetterCursor(topics[0], after) : undefined);
    return { kafka: true, topics: page.counts.map(toTopicCount), letters: page.letters.map(toDeadLetter) };
  }

  @Mutation(() => ReprocessSummary, { description: 'Runs pending dead letters through the engine again (admin), or dry-runs that: the same as `npm run dlq reprocess`.' })
  async reprocessDeadLetters(
    @Arg('input', () => ReprocessDeadLettersInput) input: ReprocessDeadLettersInput,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<ReprocessSummary> {
    accessPolicy.assertAdmin(viewer);
    assertLimit('batchSize', input.batchSize, MAX_REPROCESS_BATCH);
    const desk = services.deadLetters;
    if (!desk) throw new ValidationError('input', 'no Kafka is configured (KAFKA_BROKERS): there are no dead letters');
    const only = input.letters?.map((letter) => ({
      topic: selectDeadLetterTopics(desk.topics, [letter.topic])[0],
      partition: letter.partition,
      offset: parseOffset(letter.offset),
    }));
    const topics = only ? [...new Set(only.map((letter) => letter.topic))] : selectDeadLetterTopics(desk.topics, input.topics);
    const summary = await desk.reprocess({ topics, batchSize: input.batchSize, dryRun: input.dryRun, only });
    return { dryRun: input.dryRun, ...summary };
  }

  @Subscription(() => GameActivity, {
    subscribe: ({ context }: SubscribeResolverData<unknown, Record<string, never>, GraphQLContext>) => {
      accessPolicy.assertAdmin(context.viewer);
      return context.services.notifications.activity.subscribe();
    },
    description:
      'Awards, unlocks, quests, levels and streaks of every member as they commit (admin), sampled: at most GAME_ACTIVITY_MAX_PER_SECOND a second per subscriber, `skippedBefore` counting what was left out.',
  })
  gameActivity(@Root() activity: SampledActivity): GameActivity {
    return { ...activity, at: new Date(activity.at) };
  }
}

function parseOffset(offset: string): bigint {
  if (!/^\d{1,19}$/.test(offset)) throw new ValidationError('offset', `must be a decimal offset, received "${offset}"`);
  return BigInt(offset);
}
