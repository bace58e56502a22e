import { Lifecycle } from '../app/lifecycle';
import type { ComponentFactory, WorkerContext } from '../app/worker-components';
import { createRuntime, type Runtime } from '../app/runtime';
import type { AppConfig } from '../platform/config';
import { createKafka, ensureTopics, kafkaBrokers } from '../platform/kafka';
import { KafkaTopics } from '../kafka/kafka-topics';
import { namespace } from '../platform/logger';
import { Metrics } from '../platform/metrics';
import { EventConsumer } from '../kafka/event-consumer';
import { createIngestion } from '../app/kafka-ingestion';
import { PartitionProgress } from '../kafka/partition-progress';

export interface WorkerNode {
  runtime: Runtime;
  metrics: Metrics;
  /** Stops the components in reverse order (the consumer finishes its slice and commits), then closes the database. */
  stop(): Promise<void>;
}

/**
 * Kafka ingestion: creates the event and dead-letter topics when missing (KAFKA_TOPIC_PARTITIONS
 * partitions each), then consumes the event topics in the KAFKA_GROUP_ID group.
 */
export const eventIngestion: ComponentFactory = ({ runtime, metrics, kafka, topics, progress, onFatal }) => {
  const { config, logger } = runtime;
  const { ingestor, deadLetters } = createIngestion(runtime, metrics, kafka, topics, 'kafka');
  const consumer = new EventConsumer(
    kafka,
    {
      groupId: config.KAFKA_GROUP_ID,
      topics: topics.sources,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
      maxBatch: config.WORKER_MAX_BATCH,
      partitionsConcurrency: config.WORKER_PARTITIONS_CONCURRENCY,
    },
    ingestor,
    progress,
    namespace(logger, 'event-consumer'),
    onFatal,
  );
  return {
    name: 'event-consumer',
    start: async () => {
      await ensureTopics(kafka, [...topics.sources, ...topics.deadLetters], config);
      await deadLetters.connect();
      await consumer.start();
    },
    stop: async () => {
      await consumer.stop();
      await deadLetters.disconnect();
    },
  };
};

/** Builds and starts a worker process's components over one runtime; `worker` and the tests start workers this way. */
export async function startWorkerNode(config: AppConfig, components: readonly ComponentFactory[], onFatal: (error: Error) => void): Promise<WorkerNode> {
  kafkaBrokers(config);
  const runtime = await createRuntime(config, 'worker');
  const metrics = new Metrics();
  const progress = new PartitionProgress();
  metrics.watchPartitions(() => progress.standings());
  const context: WorkerContext = {
    runtime,
    metrics,
    kafka: createKafka(config, runtime.logger),
    topics: new KafkaTopics(config.KAFKA_TOPIC_PREFIX),
    progress,
    onFatal,
  };
  const lifecycle = new Lifecycle(runtime.logger, config.SHUTDOWN_DEADLINE_MS);
  lifecycle.own('runtime', runtime, (opened) => opened.close());
  const built = await lifecycle.startAll(async () => {
    const created = components.map((create) => create(context));
    for (const component of created) await lifecycle.start(component);
    return created;
  });
  runtime.logger.info({ components: built.map((component) => component.name), topics: context.topics.sources }, 'worker ready');
  return { runtime, metrics, stop: () => lifecycle.stop() };
}
