import type { Registry } from 'prom-client';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import { namespace, type Logger } from '../platform/logger';
import type { OutboxSink } from '../outbox/outbox-sink';
import { EmbeddedDispatchLeadership, PostgresDispatchLeadership } from './dispatch-leadership';
import { WebhookAdmin } from './webhook-admin';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSender } from './webhook-sender';
import { WebhookSink } from './webhook-sink';
import { WebhookStore } from './webhook-store';
import { allowedHttpHosts, WebhookUrlPolicy } from './webhook-url-policy';

/** Webhooks as one process runs them: the admin side, the relay's sink, and (with OUTBOX_RELAY) a dispatcher. */
export interface Webhooks {
  admin: WebhookAdmin;
  sink: OutboxSink;
  stop(): Promise<void>;
}

/** Deliveries a dispatch round takes per endpoint. */
const DISPATCH_BATCH_SIZE = 500;

/**
 * Wires webhooks for a process. Every process that relays the outbox (OUTBOX_RELAY) also runs a
 * dispatcher; one of them leads (PostgreSQL advisory lock), the others stand by.
 */
export function startWebhooks(config: AppConfig, database: Database, logger: Logger, registry: Registry): Webhooks {
  const log = namespace(logger, 'webhooks');
  const store = new WebhookStore(database);
  const policy = new WebhookUrlPolicy(allowedHttpHosts(config.WEBHOOK_ALLOW_HTTP_HOSTS, config.NODE_ENV));
  const dispatcher = config.OUTBOX_RELAY
    ? new WebhookDispatcher({
        store,
        leadership: config.DATABASE_URL === undefined ? new EmbeddedDispatchLeadership() : new PostgresDispatchLeadership(config.DATABASE_URL, log),
        createSender: () => new WebhookSender(policy, config.WEBHOOK_TIMEOUT_MS, config.WEBHOOK_CONCURRENCY),
        retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS, maxAttempts: config.WEBHOOK_MAX_ATTEMPTS },
        concurrency: config.WEBHOOK_CONCURRENCY,
        disableAfter: config.WEBHOOK_DISABLE_AFTER,
        retentionDays: config.WEBHOOK_RETENTION_DAYS,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
        batchSize: DISPATCH_BATCH_SIZE,
        metrics: new WebhookMetrics(registry),
        logger: log,
      })
    : undefined;
  dispatcher?.start();
  return {
    admin: new WebhookAdmin(store, policy, () => dispatcher?.refresh()),
    sink: new WebhookSink(store, () => dispatcher?.wake()),
    stop: async () => dispatcher?.stop(),
  };
}
