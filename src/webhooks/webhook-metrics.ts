import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Webhook metrics, on the process's registry (alert rules and the dashboard use these names). */
export class WebhookMetrics {
  readonly deliveries: Counter<'webhook' | 'outcome'>;
  readonly attemptSeconds: Histogram<'webhook'>;
  readonly queueAgeSeconds: Gauge<'webhook'>;
  readonly disabled: Counter<'webhook'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'gamification_webhook_deliveries_total',
      help: 'Webhook delivery attempts by endpoint and outcome: delivered, retrying (failed, another attempt scheduled) or failed (the last attempt failed).',
      labelNames: ['webhook', 'outcome'] as const,
      registers: [registry],
    });
    this.attemptSeconds = new Histogram({
      name: 'gamification_webhook_attempt_seconds',
      help: 'Time from sending a webhook request to its answer (or its failure), by endpoint.',
      labelNames: ['webhook'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.queueAgeSeconds = new Gauge({
      name: 'gamification_webhook_queue_age_seconds',
      help: "Age of the endpoint's oldest pending delivery (0 when its queue is empty), measured by the dispatching process.",
      labelNames: ['webhook'] as const,
      registers: [registry],
    });
    this.disabled = new Counter({
      name: 'gamification_webhooks_auto_disabled_total',
      help: 'Endpoints disabled after WEBHOOK_DISABLE_AFTER consecutive failed deliveries.',
      labelNames: ['webhook'] as const,
      registers: [registry],
    });
  }
}
