import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RecentDistinct } from './recent-distinct';

/** Circuit-breaker states as the `gamification_circuit_breaker_state` gauge reports them. */
export const BREAKER_STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/** One consumed partition as the consumer gauges report it. */
export interface PartitionGaugeSource {
  topic: string;
  partition: number;
  lag: number;
  stalledMs: number;
}

/**
 * Every Prometheus metric the engine exports (prom-client), on one registry per process.
 * The README's Operations section lists them; alert rules and the dashboard use these names.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly eventsReceived = new Counter({
    name: 'gamification_events_received_total',
    help: 'Events the engine finished with, by door, journey and type (journey "unknown", type "invalid" for an unknown type); failed attempts count in gamification_errors_total.',
    labelNames: ['source', 'journey', 'type'] as const,
    registers: [this.registry],
  });

  readonly eventsProcessed = new Counter({
    name: 'gamification_events_processed_total',
    help: 'Events the engine finished, by outcome: processed, duplicate, rejected, or dropped (their member was erased).',
    labelNames: ['source', 'journey', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly processingSeconds = new Histogram({
    name: 'gamification_event_processing_seconds',
    help: 'Time from an event reaching the engine to its batch committing, by door.',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'gamification_batch_size',
    help: 'Events per engine transaction, by door.',
    labelNames: ['source'] as const,
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'gamification_errors_total',
    help: 'Failed attempts by error category (VALIDATION, DATABASE, NETWORK, ...), event type and its journey ("unknown" when the type is).',
    labelNames: ['source', 'category', 'journey', 'type'] as const,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'gamification_retries_total',
    help: 'Retries by policy (database, kafka, http, outbox).',
    labelNames: ['policy'] as const,
    registers: [this.registry],
  });

  readonly dlqProduced = new Counter({
    name: 'gamification_dlq_messages_total',
    help: 'Messages written to dead-letter topics, by topic and error category.',
    labelNames: ['topic', 'category'] as const,
    registers: [this.registry],
  });

  readonly dlqSize = new Gauge({
    name: 'gamification_dlq_size',
    help: 'Messages in each dead-letter topic not yet re-processed, as the worker last counted them (every DLQ_SIZE_REFRESH_SECONDS).',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly consumerLag: Gauge<'topic' | 'partition'> = new Gauge({
    name: 'gamification_consumer_lag',
    help: "Messages on the broker not yet processed, per topic and partition this worker consumes (the broker's high watermark in the partition's last batch minus the next offset to process).",
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
    collect: (): void => this.collectPartitions(this.consumerLag, (standing) => standing.lag),
  });

  readonly consumerStalledSeconds: Gauge<'topic' | 'partition'> = new Gauge({
    name: 'gamification_consumer_stalled_seconds',
    help: 'Seconds since the partition last advanced while messages wait (0 when it is caught up); past WORKER_STALL_AFTER the worker is not ready.',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
    collect: (): void => this.collectPartitions(this.consumerStalledSeconds, (standing) => standing.stalledMs / 1000),
  });

  /** Where the consumer gauges read the partitions from (a worker's consumer); none elsewhere. */
  private partitions: () => readonly PartitionGaugeSource[] = () => [];

  readonly breakerState = new Gauge({
    name: 'gamification_circuit_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    labelNames: ['breaker'] as const,
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'gamification_active_subscriptions',
    help: 'GraphQL subscriptions open on this node, by field.',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  readonly notificationsPublished = new Counter({
    name: 'gamification_notifications_published_total',
    help: 'Notifications relayed from the outbox to pub/sub, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Members whose events failed or were rejected recently; read by the `usersAffected` gauge. */
  readonly failedMembers = new RecentDistinct(5 * 60_000, 60_000, 100_000);

  readonly usersAffected: Gauge = new Gauge({
    name: 'gamification_users_affected',
    help: 'Distinct members whose events failed or were rejected on this node in the last 5 minutes (at most 100,000 counted per minute).',
    registers: [this.registry],
    collect: (): void => this.usersAffected.set(this.failedMembers.count()),
  });

  readonly outboxBacklog = new Gauge({
    name: 'gamification_outbox_backlog',
    help: 'Committed notifications not yet relayed.',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'gamification_' });
  }

  /** The consumer gauges report these partitions, read at each scrape. */
  watchPartitions(partitions: () => readonly PartitionGaugeSource[]): void {
    this.partitions = partitions;
  }

  private collectPartitions(gauge: Gauge<'topic' | 'partition'>, value: (standing: PartitionGaugeSource) => number): void {
    gauge.reset();
    for (const standing of this.partitions()) gauge.set({ topic: standing.topic, partition: String(standing.partition) }, value(standing));
  }
}
