import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An achievement of the game, as the rules file defines it.' })
export class Achievement {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: 'Bonus points on unlock.' }) points!: number;
}

@ObjectType({ description: "A member's progress towards one achievement." })
export class UserAchievement {
  @Field(() => Achievement) achievement!: Achievement;
  @Field(() => Int, { description: 'Matching events seen, or the current streak in days.' }) progress!: number;
  @Field(() => Int, { description: 'Progress needed to unlock.' }) target!: number;
  @Field() unlocked!: boolean;
  @Field(() => Date, { nullable: true }) unlockedAt!: Date | null;
}
