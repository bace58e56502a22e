import { EVENT_TYPES, type EventType } from '../src/contract';
import { createTestEvent } from '../src/kit';
import { RECORD_EVENT } from '../test/support/graphql-client';

/**
 * `count` pre-serialised recordEvent bodies (a new event id each, over `users` in turn, of every
 * event type in turn unless `type` is given), handed out in slices per run.
 */
export function recordEventBodies(users: readonly string[], count: number, type?: EventType): { next(n: number): string[] } {
  const bodies = Array.from({ length: count }, (_, index) => {
    const event = createTestEvent(type ?? EVENT_TYPES[index % EVENT_TYPES.length], { userId: users[index % users.length] });
    const { id, type: eventType, userId, journey, data } = event;
    return JSON.stringify({ query: RECORD_EVENT, variables: { event: { id, type: eventType, userId, journey, data } } });
  });
  let offset = 0;
  return {
    next: (n) => {
      const slice = bodies.slice(offset, offset + n);
      offset += n;
      if (slice.length < n) throw new Error('out of pre-built events: raise the count');
      return slice;
    },
  };
}

const PROFILE = 'query Profile($userId: ID!) { profile(userId: $userId) { userId totalPoints level nextLevelAt } }';

/** Pre-serialised `profile(userId)` query bodies, one per member given. */
export function profileBodies(users: readonly string[]): string[] {
  return users.map((userId) => JSON.stringify({ query: PROFILE, variables: { userId } }));
}
