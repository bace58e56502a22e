import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a delivery attempt ended, as the deliveries counter labels it. */
export type AttemptOutcomeLabel = 'delivered' | 'retrying' | 'failed';

/** What the dispatcher reports: recorded by WebhookMetrics, or forwarded from a dispatcher thread to its process. */
export interface DispatchMetrics {
  /** One attempt; `latencyMs` undefined when no request was sent. */
  attempted(webhookId: string, outcome: AttemptOutcomeLabel, latencyMs: number | undefined): void;
  queueAge(webhookId: string, seconds: number): void;
  /** The endpoint is no longer dispatched here: its queue age is no longer reported. */
  forget(webhookId: string): void;
  disabled(webhookId: string): void;
}

/** One DispatchMetrics call, as a dispatcher thread posts it to its process. */
export type DispatchMetricsCall = ['attempted', string, AttemptOutcomeLabel, number | undefined] | ['queueAge', string, number] | ['forget', string] | ['disabled', string];

/** Webhook metrics, on the process's registry (alert rules and the dashboard use these names). */
export class WebhookMetrics implements DispatchMetrics {
  readonly deliveries: Counter<'webhook' | 'outcome'>;
  readonly attemptSeconds: Histogram<'webhook'>;
  readonly queueAgeSeconds: Gauge<'webhook'>;
  readonly disabledEndpoints: Counter<'webhook'>;

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
    this.disabledEndpoints = new Counter({
      name: 'gamification_webhooks_auto_disabled_total',
      help: 'Endpoints disabled after WEBHOOK_DISABLE_AFTER consecutive failed deliveries.',
      labelNames: ['webhook'] as const,
      registers: [registry],
    });
  }

  attempted(webhookId: string, outcome: AttemptOutcomeLabel, latencyMs: number | undefined): void {
    if (latencyMs !== undefined) this.attemptSeconds.observe({ webhook: webhookId }, latencyMs / 1000);
    this.deliveries.inc({ webhook: webhookId, outcome });
  }

  queueAge(webhookId: string, seconds: number): void {
    this.queueAgeSeconds.set({ webhook: webhookId }, seconds);
  }

  forget(webhookId: string): void {
    this.queueAgeSeconds.remove({ webhook: webhookId });
  }

  disabled(webhookId: string): void {
    this.disabledEndpoints.inc({ webhook: webhookId });
  }

  /** Applies calls a dispatcher thread forwarded. */
  replay(calls: readonly DispatchMetricsCall[]): void {
    for (const call of calls) {
      if (call[0] === 'attempted') this.attempted(call[1], call[2], call[3]);
      else if (call[0] === 'queueAge') this.queueAge(call[1], call[2]);
      else if (call[0] === 'forget') this.forget(call[1]);
      else this.disabled(call[1]);
    }
  }
}

/**
 * A dispatcher thread's metrics: each call is queued and the queue handed to `forward` once the
 * thread's current turn of work is done (its process replays them with WebhookMetrics.replay).
 */
export class ForwardedDispatchMetrics implements DispatchMetrics {
  private calls: DispatchMetricsCall[] = [];

  constructor(private readonly forward: (calls: DispatchMetricsCall[]) => void) {}

  attempted(webhookId: string, outcome: AttemptOutcomeLabel, latencyMs: number | undefined): void {
    this.queue(['attempted', webhookId, outcome, latencyMs]);
  }

  queueAge(webhookId: string, seconds: number): void {
    this.queue(['queueAge', webhookId, seconds]);
  }

  forget(webhookId: string): void {
    this.queue(['forget', webhookId]);
  }

  disabled(webhookId: string): void {
    this.queue(['disabled', webhookId]);
  }

  /** Hands over what is queued now. */
  flush(): void {
    if (this.calls.length === 0) return;
    const calls = this.calls;
    this.calls = [];
    this.forward(calls);
  }

  private queue(call: DispatchMetricsCall): void {
    if (this.calls.push(call) === 1) setImmediate(() => this.flush());
  }
}
