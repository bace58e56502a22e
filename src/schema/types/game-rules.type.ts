import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType({ description: 'The rules in force (admin only).' })
export class GameRules {
  @Field({ description: 'Content hash of the rules document.' }) id!: string;
  @Field({ description: 'The file it was loaded from.' }) source!: string;
  @Field() loadedAt!: Date;
  @Field(() => GraphQLJSON, { description: 'levels, rules, achievements, quests and rewards, as in the file.' })
  document!: Record<string, unknown>;
}
