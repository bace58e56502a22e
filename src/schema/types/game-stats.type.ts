import { Field, Int, ObjectType } from 'type-graphql';
import { DeadLetterTopicCount } from './dead-letter.type';

@ObjectType({ description: 'Events committed in one minute through one journey (`manual`: awards and grants by hand).' })
export class MinuteJourneyCount {
  @Field() minute!: Date;
  @Field() journey!: string;
  @Field(() => Int) events!: number;
}

@ObjectType({ description: 'What the events of the window did.' })
export class StatsOutcomes {
  @Field(() => Int, { description: 'Events committed (each once: repeats of an event id are not counted).' }) processed!: number;
  @Field(() => Int, { description: 'Committed events that awarded points.' }) awarded!: number;
  @Field(() => Int) pointsAwarded!: number;
  @Field(() => Int, { description: 'Committed events a plausibility hold kept for review (part of processed; counted whatever their review decided since).' })
  held!: number;
  @Field(() => Int, { description: 'Repeats of an event already processed (answered with the first result, nothing committed).' }) duplicate!: number;
  @Field(() => Int, { description: 'Invalid events, and repeats of an id with other content (nothing committed).' }) rejected!: number;
  @Field(() => Int, { description: 'Events of erased members (dropped, the member not recreated).' }) dropped!: number;
  @Field(() => Int, { nullable: true, description: 'Dead letters not yet re-processed, all topics (null without Kafka).' }) deadLetteredPending!: number | null;
}

@ObjectType()
export class AchievementUnlockCount {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => Int) unlocked!: number;
}

@ObjectType()
export class RulesVersion {
  @Field({ description: 'Content hash of the rules in force.' }) id!: string;
  @Field() loadedAt!: Date;
}

@ObjectType({ description: 'The admin overview, read from the database (the same on every API node).' })
export class GameStats {
  @Field(() => Int) windowMinutes!: number;
  @Field(() => [MinuteJourneyCount], { description: 'Oldest first; minutes without events are left out.' }) perMinute!: MinuteJourneyCount[];
  @Field(() => StatsOutcomes) outcomes!: StatsOutcomes;
  @Field(() => [AchievementUnlockCount], { description: 'The 10 achievements unlocked most since midnight (TIMEZONE).' }) topAchievementsToday!: AchievementUnlockCount[];
  @Field(() => [DeadLetterTopicCount], { nullable: true, description: 'Per dead-letter topic; null when no Kafka is configured.' }) deadLetters!: DeadLetterTopicCount[] | null;
  @Field(() => RulesVersion) rulesVersion!: RulesVersion;
}
