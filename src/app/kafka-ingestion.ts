import { instrumentEngine, type EventSource } from './instrumented-engine';
import { GroupCommit } from '../engine/group-commit';
import { MemberLanes } from '../engine/member-lanes';
import type { Runtime } from './runtime';
import type { Kafka } from '../platform/kafka';
import type { KafkaTopics } from '../kafka/kafka-topics';
import { namespace } from '../platform/logger';
import { Metrics } from '../platform/metrics';
import { createDatabaseBreaker, createRetryPolicy, databaseBreakerSettingsFrom, retrySettingsFrom } from '../platform/resilience';
import { BatchIngestor, type Ingestion } from '../kafka/batch-ingestor';
import { DatabaseGate } from '../kafka/database-gate';
import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';
import type { OpenedIngestion } from '../dead-letters/dead-letter-desk';

/** The longest a held batch waits between looks at the breaker (and heartbeats). */
const MAX_HOLD_POLL_MS = 1000;

/**
 * The path from Kafka messages to the engine, shared by the worker and DLQ re-processing: the
 * instrumented engine (logs, metrics under `source`), the database retry policy and PostgreSQL
 * breaker, and the dead-letter publisher.
 */
export function createIngestion(runtime: Runtime, metrics: Metrics, kafka: Kafka, topics: KafkaTopics, source: EventSource): Ingestion {
  const { config, logger, engine } = runtime;
  const breakerSettings = databaseBreakerSettingsFrom(config);
  const gate = new DatabaseGate(
    createRetryPolicy('database', retrySettingsFrom(config).database, metrics),
    createDatabaseBreaker(breakerSettings, metrics, namespace(logger, 'database-breaker')),
    Math.min(breakerSettings.halfOpenAfterMs, MAX_HOLD_POLL_MS),
    namespace(logger, 'database-gate'),
  );
  const deadLetters = new DeadLetterPublisher(kafka, retrySettingsFrom(config).kafka, metrics, namespace(logger, 'dead-letters'));
  // Each lane owns a share of the members: lanes commit side by side, and within a lane the slices
  // of partitions consumed at the same time commit together (one transaction, no lock waits between them).
  const engineBatch = { process: instrumentEngine(engine, metrics, logger, source, runtime.outcomes) };
  const groupCommitOptions = { windowMs: config.WORKER_GROUP_COMMIT_WINDOW_MS, maxBatch: config.WORKER_MAX_BATCH * config.WORKER_PARTITIONS_CONCURRENCY };
  const lanes = new MemberLanes(Array.from({ length: config.WORKER_LANES }, () => new GroupCommit(engineBatch, groupCommitOptions)));
  return { ingestor: new BatchIngestor((inputs) => lanes.submitAll(inputs), gate, deadLetters, topics), deadLetters };
}

/**
 * Dead-letter re-processing's way in: the worker's ingestion path (source `dlq`, metrics of its
 * own) on the process's runtime (the API node's), or on one opened for the run and closed after (the command line).
 */
export function reprocessingIngestion(kafka: Kafka, topics: KafkaTopics, runtime: { shared: Runtime } | { open: () => Promise<Runtime> }): () => Promise<OpenedIngestion> {
  return async () => {
    const owned = 'open' in runtime ? await runtime.open() : undefined;
    const ingestion = createIngestion(owned ?? (runtime as { shared: Runtime }).shared, new Metrics({ defaultMetrics: false }), kafka, topics, 'dlq');
    return { ...ingestion, close: async () => await owned?.close() };
  };
}
