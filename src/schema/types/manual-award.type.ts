import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'Points to add, or (negative) to deduct, by hand.' })
export class AwardPointsInput {
  @Field(() => ID) userId!: string;
  @Field(() => Int, { description: 'Positive to award, negative to deduct; a total never goes below 0.' }) points!: number;
  @Field({ description: 'Why (kept with the award).' }) reason!: string;
  @Field({ description: 'The same key twice awards once and returns the first result.' }) idempotencyKey!: string;
}

@InputType({ description: 'An achievement to grant by hand.' })
export class GrantAchievementInput {
  @Field(() => ID) userId!: string;
  @Field({ description: 'The achievement key.' }) key!: string;
  @Field() reason!: string;
  @Field() idempotencyKey!: string;
}

@ObjectType({ description: 'A manual award or deduction.' })
export class ManualAward {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field(() => Int) pointsRequested!: number;
  @Field(() => Int, { description: 'What the total moved by: a deduction larger than the balance stops at 0.' }) pointsApplied!: number;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field({ description: 'True when this idempotency key was used before (nothing changed).' }) duplicate!: boolean;
}
