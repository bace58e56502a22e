import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class Reward {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType({ description: 'A reward a member was granted.' })
export class UserReward {
  @Field(() => Reward) reward!: Reward;
  @Field({ description: 'achievement or quest' }) sourceType!: string;
  @Field() sourceKey!: string;
  @Field() eventId!: string;
  @Field() grantedAt!: Date;
}
