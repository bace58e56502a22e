import type { Consumer, EachBatchPayload, Kafka } from '../platform/kafka';
import type { Logger } from '../platform/logger';
import type { BatchIngestor } from './batch-ingestor';
import type { KeepAlive } from './database-gate';
import { decodeMessage } from './incoming-event';
import type { PartitionProgress } from './partition-progress';

export interface EventConsumerSettings {
  groupId: string;
  topics: string[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  fetchMaxWaitMs: number;
  /** Most events per engine call; a larger Kafka batch is handed over in slices of this size. */
  maxBatch: number;
  /** Partitions whose batches are processed at the same time (each its own engine transaction). */
  partitionsConcurrency: number;
}

/**
 * The Kafka door: one consumer in the worker group reading every event topic. Each partition's
 * messages go to the engine in offset order, and an offset is committed only after every event
 * up to it was committed in PostgreSQL or dead-lettered, so a crash or a rebalance replays at
 * most the uncommitted tail (which the engine recognises as duplicates).
 */
export class EventConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly settings: EventConsumerSettings,
    private readonly ingestor: BatchIngestor,
    private readonly progress: PartitionProgress,
    logger: Logger,
    onFatal: (error: Error) => void,
  ) {
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      maxWaitTimeInMs: settings.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      progress.assigned(payload.memberAssignment);
      logger.info({ groupId: payload.groupId, memberId: payload.memberId, assignment: payload.memberAssignment }, 'worker joined the consumer group');
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      logger.error({ errorMessage: payload.error.message, stack: payload.error.stack, restart: payload.restart }, 'Kafka consumer crashed');
      if (!payload.restart) onFatal(payload.error);
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.settings.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConcurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Finishes the slice in hand, commits its offsets and leaves the group. */
  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const keepAlive: KeepAlive = async () => {
      await heartbeat();
      return isRunning() && !isStale();
    };
    if (batch.messages.length === 0) return;
    this.progress.fetched(batch.topic, batch.partition, batch.firstOffset()!, batch.highWatermark);
    for (let start = 0; start < batch.messages.length; start += this.settings.maxBatch) {
      if (!isRunning() || isStale()) return;
      const slice = batch.messages.slice(start, start + this.settings.maxBatch);
      const result = await this.ingestor.ingest(
        slice.map((message) => decodeMessage(batch.topic, batch.partition, message)),
        keepAlive,
      );
      if (result.status === 'stopped') return;
      const lastOffset = slice[slice.length - 1].offset;
      resolveOffset(lastOffset);
      await commitOffsetsIfNecessary();
      this.progress.advanced(batch.topic, batch.partition, String(BigInt(lastOffset) + 1n));
      await heartbeat();
    }
  }
}
