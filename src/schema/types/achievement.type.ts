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
  @Field(() => Int, {
    description: "In the achievement's unit: matching events, consecutive days, or for a goal the sum (e.g. steps) or active days in periodKey.",
  })
  progress!: number;
  @Field(() => Int, { description: 'Progress needed to unlock (a tiered achievement: its next tier).' }) target!: number;
  @Field() unlocked!: boolean;
  @Field(() => Date, { nullable: true, description: 'The first unlock.' }) unlockedAt!: Date | null;
  @Field(() => Int, { description: 'Unlocks so far: periods a repeatable goal was reached in, tiers reached, or 1.' }) timesEarned!: number;
  @Field(() => String, { nullable: true, description: 'The highest tier reached.' }) tier!: string | null;
  @Field(() => String, { nullable: true, description: 'The tier to reach next.' }) nextTier!: string | null;
  @Field(() => String, { nullable: true, description: "A goal's period it is measured in now, in the member's zone (2026-W48, 2026-11-30)." })
  periodKey!: string | null;
}
