import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { acceptedOrThrow } from '../engine/gamification-engine';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { EventResult } from '../schema/types/event-result.type';
import { RecordEventInput } from '../schema/types/record-event.input';
import { toEventResult } from './mappers';

@Resolver()
export class EventResolver {
  @Mutation(() => EventResult, { description: 'Record what a member did; returns what it changed. Idempotent per event id.' })
  async recordEvent(@Arg('event', () => RecordEventInput) event: RecordEventInput, @Ctx() { viewer, services }: GraphQLContext): Promise<EventResult> {
    accessPolicy.assertMayRecord(viewer, event, services.game().producers);
    const outcome = await services.recordEvent({
      raw: {
        id: event.id ?? undefined,
        type: event.type,
        userId: event.userId,
        journey: event.journey ?? undefined,
        timestamp: event.timestamp ?? new Date(),
        data: event.data,
        ...(event.schemaVersion ? { version: { schemaVersion: event.schemaVersion } } : {}),
      },
      fallbackId: randomUUID(),
      producer: accessPolicy.producerOf(viewer),
      stampedTime: event.timestamp == null,
    });
    return toEventResult(acceptedOrThrow(outcome).result);
  }
}
