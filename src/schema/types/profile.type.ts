import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A member's game profile." })
export class GameProfile {
  @Field(() => ID) userId!: string;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field(() => Int, { nullable: true, description: 'Points at which the next level starts; null at the top level.' })
  nextLevelAt!: number | null;
  @Field(() => String, { nullable: true, description: "The member's IANA time zone for calendar days and weeks; null: the deployment's TIMEZONE." })
  timeZone!: string | null;
  @Field() createdAt!: Date;
}

@ObjectType({ description: 'One ledger line: who awarded how many points for which event.' })
export class PointsHistoryEntry {
  @Field(() => ID) id!: string;
  @Field() eventId!: string;
  @Field() eventType!: string;
  @Field() journey!: string;
  @Field({ description: 'rule, achievement, quest, streak (a milestone) or manual' }) sourceType!: string;
  @Field({ description: 'The rule id, achievement key (with :tier), quest key, streak:length, or for manual lines the principal.' }) sourceKey!: string;
  @Field(() => Int) points!: number;
  @Field(() => Int, { nullable: true, description: "A boosted rule's points before its boosts." }) basePoints!: number | null;
  @Field(() => [String], { description: 'Boosts applied to this line (keys).' }) boosts!: string[];
  @Field() occurredAt!: Date;
  @Field() createdAt!: Date;
}
