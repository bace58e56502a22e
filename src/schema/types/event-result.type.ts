import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Achievement } from './achievement.type';
import { Reward } from './reward.type';

@ObjectType({ description: 'A quest an event completed.' })
export class CompletedQuest {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => Int) points!: number;
}

@ObjectType({ description: 'What recording one event changed.' })
export class EventResult {
  @Field(() => ID) eventId!: string;
  @Field({ description: 'True when this id was processed before: the first result, nothing changed.' }) duplicate!: boolean;
  @Field(() => Int, { description: 'Every point the event earned, unlock and completion bonuses included.' }) pointsAwarded!: number;
  @Field(() => Int) totalPoints!: number;
  @Field(() => Int) level!: number;
  @Field(() => Int, { description: 'Coins the event credited to the wallet (spendable; apart from points).' }) coinsAwarded!: number;
  @Field(() => [Achievement]) unlockedAchievements!: Achievement[];
  @Field(() => [CompletedQuest], { description: 'Quests completed (a Quest summary: key, title, points).' }) completedQuests!: CompletedQuest[];
  @Field(() => [Reward]) rewardsGranted!: Reward[];
  @Field({ description: 'True when a plausibility hold (rules file `holds:`) kept the event for review: it awarded nothing until an admin releases it.' }) held!: boolean;
}
