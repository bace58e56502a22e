import { GraphQLJSON } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Messages of one dead-letter topic.' })
export class DeadLetterTopicCount {
  @Field() topic!: string;
  @Field(() => Int, { description: 'Still held by the broker.' }) held!: number;
  @Field(() => Int, { description: 'Not yet re-processed.' }) pending!: number;
}

@ObjectType({ description: 'A pending dead letter: why it failed, how often it was tried, where it came from, and the event.' })
export class DeadLetter {
  @Field() topic!: string;
  @Field(() => Int) partition!: number;
  @Field({ description: 'Its offset in the dead-letter topic (a decimal string).' }) offset!: string;
  @Field({ description: 'Pass as `after` to read on from this letter.' }) cursor!: string;
  @Field(() => String, { nullable: true, description: 'VALIDATION, TRANSIENT...; null when the message is not a dead letter at all.' }) errorCategory!: string | null;
  @Field() errorMessage!: string;
  @Field(() => Int, { nullable: true }) retryCount!: number | null;
  @Field(() => Date, { nullable: true, description: 'When it was dead-lettered.' }) deadLetteredAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Where the event was first read from: topic[partition]@offset.' }) source!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The event as sent, when it was JSON.' }) originalEvent!: unknown;
  @Field(() => Int, { nullable: true, description: 'Size of the original message when it was not JSON.' }) originalBytes!: number | null;
}

@ObjectType()
export class DeadLetterPage {
  @Field({ description: 'False when no Kafka is configured (KAFKA_BROKERS): nothing is dead-lettered then.' }) kafka!: boolean;
  @Field(() => [DeadLetterTopicCount]) topics!: DeadLetterTopicCount[];
  @Field(() => [DeadLetter], { description: 'Pending letters, oldest first, at most `limit` per topic.' }) letters!: DeadLetter[];
}

@InputType()
export class DeadLetterRef {
  @Field() topic!: string;
  @Field(() => Int) partition!: number;
  @Field() offset!: string;
}

@InputType()
export class ReprocessDeadLettersInput {
  @Field(() => [String], { nullable: true, description: 'Dead-letter topics or journeys (default: all).' }) topics?: string[];
  @Field(() => [DeadLetterRef], { nullable: true, description: 'Only these letters; every pending letter of `topics` when absent.' }) letters?: DeadLetterRef[];
  @Field({ defaultValue: false, description: 'Only tell which would pass validation now; change nothing.' }) dryRun!: boolean;
  @Field(() => Int, { defaultValue: 100 }) batchSize!: number;
}

@ObjectType({ description: 'What a re-processing run (or its dry run) did.' })
export class ReprocessSummary {
  @Field() dryRun!: boolean;
  @Field(() => Int) processed!: number;
  @Field(() => Int, { description: 'Committed (or found committed); in a dry run: would pass validation.' }) succeeded!: number;
  @Field(() => Int, { description: 'Dead-lettered again; in a dry run: would fail validation.' }) failed!: number;
  @Field(() => Int, { description: 'Skipped: their member was erased.' }) skipped!: number;
}
