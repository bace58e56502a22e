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
  @Field({ description: 'rule, achievement or quest' }) sourceType!: string;
  @Field({ description: 'The rule id, achievement key or quest key.' }) sourceKey!: string;
  @Field(() => Int) points!: number;
  @Field() occurredAt!: Date;
  @Field() createdAt!: Date;
}
