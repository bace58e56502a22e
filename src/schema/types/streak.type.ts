import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A named streak of the game, as the rules file defines it.' })
export class Streak {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({ description: 'day or week' }) per!: string;
}

@ObjectType({ description: "A member's standing in one named streak. Periods are days (2026-11-30) or ISO weeks (2026-W48) in the member's zone." })
export class UserStreak {
  @Field(() => Streak) streak!: Streak;
  @Field(() => Int, { description: 'Active periods in the current run (frozen and excused ones keep it alive without adding).' }) current!: number;
  @Field(() => Int) longest!: number;
  @Field(() => Int) freezesHeld!: number;
  @Field(() => [String], { description: 'Periods of the current run a freeze covered.' }) frozenPeriods!: string[];
  @Field(() => [String], { description: 'Periods of the current run that were excused.' }) excusedPeriods!: string[];
  @Field(() => String, { nullable: true }) lastActivePeriod!: string | null;
  @Field({ description: 'The current period has no activity yet and no freeze is held.' }) atRisk!: boolean;
}

@ObjectType({ description: 'Periods an admin excused from a member’s streak.' })
export class StreakExcuse {
  @Field(() => ID) id!: string;
  @Field() streakKey!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field() reason!: string;
  @Field({ description: 'The principal who excused them (role:subject).' }) excusedBy!: string;
  @Field() createdAt!: Date;
}
