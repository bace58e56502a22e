import type { Kafka } from '../platform/kafka';
import type { KafkaTopics } from '../kafka/kafka-topics';
import type { PartitionProgress } from '../kafka/partition-progress';
import type { Metrics } from '../platform/metrics';
import type { Component } from './lifecycle';
import type { Runtime } from './runtime';

/** What a component may build on. `onFatal` reports a failure the component cannot recover from (the process exits). */
export interface WorkerContext {
  runtime: Runtime;
  metrics: Metrics;
  kafka: Kafka;
  topics: KafkaTopics;
  /** How far the consumer got in each partition it was assigned (stall detection, lag). */
  progress: PartitionProgress;
  onFatal: (error: Error) => void;
}

/** Something a worker process runs beside (or as) its Kafka consumer, started in list order and stopped in reverse. */
export type ComponentFactory = (context: WorkerContext) => Component;
