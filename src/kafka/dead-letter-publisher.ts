import { createProducer, type Kafka, type KafkaProducer } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { RetrySettings } from '../platform/resilience';
import type { DeadLetter } from './dead-letter';

/**
 * Produces dead letters (acks from all in-sync replicas; a failed send is resent whole per the
 * kafka retry policy). A failure is thrown, so the offsets of the batch are not committed and the batch
 * comes back: a dead letter may be written twice, never lost.
 */
export class DeadLetterPublisher {
  private readonly producer: KafkaProducer;

  constructor(
    kafka: Kafka,
    retry: RetrySettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.producer = createProducer(kafka, retry, metrics);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const byTopic = new Map<string, DeadLetter[]>();
    for (const letter of letters) byTopic.set(letter.topic, [...(byTopic.get(letter.topic) ?? []), letter]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, topicLetters]) => ({
        topic,
        messages: topicLetters.map((letter) => ({ key: letter.key, value: JSON.stringify(letter.message) })),
      })),
    });
    for (const { topic, message } of letters) {
      this.metrics.dlqProduced.inc({ topic, category: message.error.category });
      this.logger.warn(
        {
          deadLetterTopic: topic,
          errorCategory: message.error.category,
          errorMessage: message.error.message,
          retryCount: message.retryCount,
          sourceTopic: message.source.topic,
          sourcePartition: message.source.partition,
          sourceOffset: message.source.offset,
        },
        'event dead-lettered',
      );
    }
  }
}
