import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType({ description: 'An event to take back: its member is recomputed without it.' })
export class RetractEventInput {
  @Field(() => ID, { description: 'The id the event was recorded with.' }) eventId!: string;
  @Field({ description: 'Why (1 to 500 characters), shown to the member in POINTS_REVOKED and ACHIEVEMENT_REVOKED.' }) reason!: string;
  @Field({ description: 'The same key twice retracts once and returns the same correction.' }) idempotencyKey!: string;
}

@InputType({ description: 'An admin’s decision on a held event.' })
export class ReviewEventInput {
  @Field(() => ID) eventId!: string;
  @Field({ description: 'true: release it (it counts, placed in its own period); false: reject it (kept, no effect).' }) approve!: boolean;
  @Field(() => String, { nullable: true, description: 'Why (at most 500 characters); a release’s note is the reason its member reads.' }) note?: string | null;
}

@ObjectType({ description: 'An event a plausibility hold (rules file `holds:`) kept for review: it awards nothing until released.' })
export class HeldEvent {
  @Field(() => ID) eventId!: string;
  @Field(() => ID) userId!: string;
  @Field() type!: string;
  @Field() journey!: string;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => GraphQLJSON, { description: 'The payload as accepted.' }) data!: Record<string, unknown>;
  @Field({ description: 'The hold that kept it.' }) holdKey!: string;
  @Field() reason!: string;
  @Field(() => Date) heldAt!: Date;
  @Field({ description: 'Pass as `after` for the next page.' }) cursor!: string;
}
