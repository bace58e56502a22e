import type { Registry } from 'prom-client';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import { namespace, type Logger } from '../platform/logger';
import type { OutboxSink } from '../outbox/outbox-sink';
import { createDispatcher, webhookUrlPolicy } from './create-dispatcher';
import { EmbeddedDispatchLeadership } from './dispatch-leadership';
import { ThreadedDispatcher, type DispatcherHandle } from './threaded-dispatcher';
import { WebhookAdmin } from './webhook-admin';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSink } from './webhook-sink';
import { WebhookStore } from './webhook-store';

/** Webhooks as one process runs them: the admin side, the relay's sink, and (with OUTBOX_RELAY) a dispatcher. */
export interface Webhooks {
  admin: WebhookAdmin;
  sink: OutboxSink;
  stop(): Promise<void>;
}

/**
 * Wires webhooks for a process. Every process that relays the outbox (OUTBOX_RELAY) also runs a
 * dispatcher; one of them leads (PostgreSQL advisory lock), the others stand by.
 */
export function startWebhooks(config: AppConfig, database: Database, logger: Logger, registry: Registry): Webhooks {
  const log = namespace(logger, 'webhooks');
  const store = new WebhookStore(database);
  const dispatcher = config.OUTBOX_RELAY ? startDispatcher(config, database, store, new WebhookMetrics(registry), log) : undefined;
  return {
    admin: new WebhookAdmin(store, webhookUrlPolicy(config), () => dispatcher?.refresh()),
    sink: new WebhookSink(store, () => dispatcher?.wake()),
    stop: async () => dispatcher?.stop(),
  };
}

/**
 * On PostgreSQL the dispatcher runs in a thread of its own (ThreadedDispatcher); the embedded
 * database is one in-process session, so there it runs on this thread and always leads.
 */
function startDispatcher(config: AppConfig, database: Database, store: WebhookStore, metrics: WebhookMetrics, logger: Logger): DispatcherHandle {
  const { DATABASE_URL } = config;
  if (DATABASE_URL !== undefined) {
    return new ThreadedDispatcher(
      { ...config, DATABASE_URL },
      metrics,
      logger,
      store.enabledWebhookIds().then((ids) => ids.length > 0),
    );
  }
  const dispatcher = createDispatcher(config, database, new EmbeddedDispatchLeadership(), metrics, logger);
  dispatcher.start();
  return dispatcher;
}
