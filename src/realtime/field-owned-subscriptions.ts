import type { PubSub } from 'type-graphql';
import { InternalError } from '../errors';

function refuse(): never {
  throw new InternalError('subscription fields subscribe through the NotificationFeed (their own `subscribe`), not the schema pubSub');
}

/**
 * type-graphql refuses to build subscription fields without a schema-wide pubSub, even when each
 * field has its own `subscribe` (ours check access first, then use the node's NotificationFeed).
 * This one satisfies it and fails loudly if anything ever routes through it.
 */
export const FIELD_OWNED_SUBSCRIPTIONS: PubSub = { publish: refuse, subscribe: refuse };
