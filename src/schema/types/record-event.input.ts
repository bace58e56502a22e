import { Field, ID, InputType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@InputType({ description: 'An event as the app records it. Validated by the event contract.' })
export class RecordEventInput {
  @Field(() => ID, { nullable: true, description: 'Idempotency key: the same id twice awards once. Generated when absent.' })
  id?: string;

  @Field({ description: 'One of the 36 event types, e.g. HEALTH_METRIC_RECORDED.' })
  type!: string;

  @Field(() => ID, { description: "The member's UUID." })
  userId!: string;

  @Field(() => String, { nullable: true, description: 'health | care | plan | user; inferred from the type when absent.' })
  journey?: string;

  @Field(() => Date, { nullable: true, description: 'When it happened; now when absent.' })
  timestamp?: Date;

  @Field(() => GraphQLJSON, { description: "The type's payload, e.g. { metricType, value, unit }." })
  data!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Schema version of the payload (semver); the current one when absent.' })
  schemaVersion?: string;
}
