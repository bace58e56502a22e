import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { DispatchLeadership } from './dispatch-leadership';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { DispatchMetrics } from './webhook-metrics';
import { WebhookSender } from './webhook-sender';
import { WebhookStore } from './webhook-store';
import { allowedHttpHosts, WebhookUrlPolicy } from './webhook-url-policy';

/** Deliveries a dispatch round takes per endpoint. */
const DISPATCH_BATCH_SIZE = 500;

/** The URL policy that both registration and sending apply (WEBHOOK_ALLOW_HTTP_HOSTS). */
export function webhookUrlPolicy(config: AppConfig): WebhookUrlPolicy {
  return new WebhookUrlPolicy(allowedHttpHosts(config.WEBHOOK_ALLOW_HTTP_HOSTS, config.NODE_ENV));
}

/** A dispatcher with the configured retries, limits and timeouts; the caller starts it. */
export function createDispatcher(config: AppConfig, database: Database, leadership: DispatchLeadership, metrics: DispatchMetrics, logger: Logger): WebhookDispatcher {
  const policy = webhookUrlPolicy(config);
  return new WebhookDispatcher({
    store: new WebhookStore(database),
    leadership,
    createSender: () => new WebhookSender(policy, config.WEBHOOK_TIMEOUT_MS, config.WEBHOOK_CONCURRENCY),
    retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS, maxAttempts: config.WEBHOOK_MAX_ATTEMPTS },
    concurrency: config.WEBHOOK_CONCURRENCY,
    disableAfter: config.WEBHOOK_DISABLE_AFTER,
    retentionDays: config.WEBHOOK_RETENTION_DAYS,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    batchSize: DISPATCH_BATCH_SIZE,
    metrics,
    logger,
  });
}
