import { instrumentEngine, type EventSource } from './instrumented-engine';
import { GroupCommit } from '../engine/group-commit';
import { MemberLanes } from '../engine/member-lanes';
import type { Runtime } from './runtime';
import type { Kafka } from '../platform/kafka';
import type { KafkaTopics } from '../kafka/kafka-topics';
import { namespace } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { createDatabaseBreaker, createRetryPolicy, databaseBreakerSettingsFrom, retrySettingsFrom } from '../platform/resilience';
import { BatchIngestor } from '../kafka/batch-ingestor';
import { DatabaseGate } from '../kafka/database-gate';
import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';

/** The longest a held batch waits between looks at the breaker (and heartbeats). */
const MAX_HOLD_POLL_MS = 1000;

export interface Ingestion {
  ingestor: BatchIngestor;
  /** Connect before ingesting, disconnect after. */
  deadLetters: DeadLetterPublisher;
}

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
  const engineBatch = { process: instrumentEngine(engine, metrics, logger, source) };
  const groupCommitOptions = { windowMs: config.WORKER_GROUP_COMMIT_WINDOW_MS, maxBatch: config.WORKER_MAX_BATCH * config.WORKER_PARTITIONS_CONCURRENCY };
  const lanes = new MemberLanes(Array.from({ length: config.WORKER_LANES }, () => new GroupCommit(engineBatch, groupCommitOptions)));
  return { ingestor: new BatchIngestor((inputs) => lanes.submitAll(inputs), gate, deadLetters, topics), deadLetters };
}
