import { DatabaseError } from '../errors';
import type { Notification } from '../engine/notifications/notification';
import type { OutboxSink } from '../outbox/outbox-sink';
import type { WebhookStore } from './webhook-store';

/**
 * The outbox relay's webhook sink: queues each committed notification for every matching
 * endpoint, in PostgreSQL, and wakes the dispatcher. Queuing is one statement per relay batch
 * and never waits for an endpoint, so subscriptions and other sinks never wait for webhooks; a
 * batch offered again queues nothing twice.
 */
export class WebhookSink implements OutboxSink {
  readonly name = 'webhooks';

  constructor(
    private readonly store: WebhookStore,
    private readonly queued: () => void,
  ) {}

  async deliver(batch: readonly Notification[]): Promise<void> {
    let queued: number;
    try {
      queued = await this.store.enqueue(batch);
    } catch (error) {
      throw new DatabaseError(`webhook deliveries not queued: ${(error as Error).message}`, { cause: error });
    }
    if (queued > 0) this.queued();
  }
}
