import type { AppConfig } from '../platform/config';
import type { Kafka } from '../platform/kafka';
import type { Metrics } from '../platform/metrics';
import { deadLetterBacklog, pendingCount } from './dead-letter-backlog';

/** The consumer group `dlq reprocess` commits in: its position marks what is no longer pending. */
export function reprocessGroupId(config: Pick<AppConfig, 'KAFKA_GROUP_ID'>): string {
  return `${config.KAFKA_GROUP_ID}.dlq-reprocessor`;
}

/** Sets `gamification_dlq_size{topic}` to the messages of each dead-letter topic not yet re-processed. */
export async function refreshDeadLetterSize(kafka: Kafka, topics: readonly string[], config: Pick<AppConfig, 'KAFKA_GROUP_ID'>, metrics: Metrics): Promise<void> {
  const pending = new Map<string, bigint>(topics.map((topic) => [topic, 0n]));
  for (const partition of await deadLetterBacklog(kafka, topics, reprocessGroupId(config))) {
    pending.set(partition.topic, (pending.get(partition.topic) ?? 0n) + pendingCount(partition));
  }
  for (const [topic, count] of pending) metrics.dlqSize.set({ topic }, Number(count));
}
