import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { EraseMemberInput, MemberErasureRecord } from '../schema/types/member-data.type';

@Resolver()
export class MemberDataResolver {
  @Query(() => GraphQLJSON, {
    description: 'Everything held about the member as one JSON document with a schemaVersion (large histories: GET /members/:id/export streams the same document).',
  })
  async exportMemberData(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<Record<string, unknown>> {
    const member = accessPolicy.memberToRead(viewer, userId);
    return services.members.export.document(member);
  }

  @Mutation(() => MemberErasureRecord, {
    description: 'Erases the member from PostgreSQL and Redis and ends their subscriptions; later events for them are dropped. Idempotent. Admin only.',
  })
  async eraseMember(@Arg('input', () => EraseMemberInput) input: EraseMemberInput, @Ctx() { viewer, services }: GraphQLContext): Promise<MemberErasureRecord> {
    accessPolicy.assertAdmin(viewer);
    return services.members.erasure.erase({ ...input, erasedBy: viewer.subject });
  }
}
