import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@InputType()
export class EraseMemberInput {
  @Field({ description: 'The member to erase.' }) userId!: string;
  @Field({ description: 'Why (kept in the erasure record; do not write personal data here).' }) reason!: string;
  @Field({ description: 'Retrying with the same key returns the first record.' }) idempotencyKey!: string;
}

@ObjectType({ description: 'The record of an erasure. It keeps a keyed hash of the member id, never the id.' })
export class MemberErasureRecord {
  @Field() erasedAt!: Date;
  @Field() erasedBy!: string;
  @Field() reason!: string;
  @Field(() => GraphQLJSON, { description: 'Rows deleted per table, e.g. { "points_ledger": 12 }.' }) rowsDeleted!: Record<string, number>;
  @Field(() => Int, { description: 'Redis keys changed by this call (boards, counters, names).' }) redisKeysChanged!: number;
  @Field({ description: 'True when the member had already been erased.' }) alreadyErased!: boolean;
}
