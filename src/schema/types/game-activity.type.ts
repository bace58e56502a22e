import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Something that happened to a member, as it committed (admin live feed).' })
export class GameActivity {
  @Field(() => ID) notificationId!: string;
  @Field({ description: 'POINTS_AWARDED, ACHIEVEMENT_UNLOCKED, QUEST_COMPLETED, LEVEL_UP, STREAK_...' }) kind!: string;
  @Field(() => ID) userId!: string;
  @Field() eventId!: string;
  @Field() at!: Date;
  @Field({ description: 'One line a person reads, e.g. "+10 points (STEPS_RECORDED)".' }) summary!: string;
  @Field(() => Int, { description: 'Notifications left out just before this one, because they came faster than the feed’s rate.' }) skippedBefore!: number;
}
