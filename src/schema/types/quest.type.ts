import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class QuestStep {
  @Field({ description: 'The event type this step counts.' }) event!: string;
  @Field(() => Int, { description: 'Matching events needed.' }) count!: number;
}

@ObjectType({ description: 'A quest: every step done inside its window completes it.' })
export class Quest {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: 'Bonus points on completion.' }) points!: number;
  @Field(() => [QuestStep]) steps!: QuestStep[];
  @Field(() => Date, { nullable: true }) startsAt!: Date | null;
  @Field(() => Date, { nullable: true }) endsAt!: Date | null;
}

@ObjectType()
export class QuestStepProgress {
  @Field() event!: string;
  @Field(() => Int) done!: number;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "A member's progress in one quest." })
export class UserQuest {
  @Field(() => Quest) quest!: Quest;
  @Field(() => Int, { description: 'Steps done.' }) progress!: number;
  @Field(() => Int, { description: 'Steps in the quest.' }) target!: number;
  @Field(() => [QuestStepProgress]) steps!: QuestStepProgress[];
  @Field() completed!: boolean;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}
