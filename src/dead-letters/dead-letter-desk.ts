import { randomUUID } from 'node:crypto';
import { parseEvent, ValidationError } from '../contract';
import type { AppConfig } from '../platform/config';
import { ensureTopics, type Kafka } from '../platform/kafka';
import type { KafkaTopics } from '../kafka/kafka-topics';
import type { Ingestion } from '../kafka/batch-ingestor';
import { parseDeadLetter, type DeadLetterMessage } from '../kafka/dead-letter';
import { deadLetterBacklog, heldCount, pendingCount, type PartitionBacklog } from '../kafka/dead-letter-backlog';
import { reprocessDeadLetters, type ReprocessSummary } from '../kafka/dead-letter-reprocessor';
import { reprocessGroupId } from '../kafka/dead-letter-size';
import { readRanges, type PartitionRange } from '../kafka/topic-range-reader';

/** Messages of one dead-letter topic: still held by the broker, and not yet re-processed. */
export interface DeadLetterCount {
  topic: string;
  held: bigint;
  pending: bigint;
}

/** Where a message sits in a dead-letter topic. */
export interface DeadLetterPosition {
  topic: string;
  partition: number;
  offset: bigint;
}

/** A pending dead letter, or a message in the topic that is not one (`letter` is then the reason). */
export interface PendingDeadLetter extends DeadLetterPosition {
  letter: DeadLetterMessage | ValidationError;
}

export interface PendingPage {
  counts: DeadLetterCount[];
  letters: PendingDeadLetter[];
}

/** The ingestion path a re-processing run uses; `close` releases what was opened for it. */
export interface OpenedIngestion extends Ingestion {
  close(): Promise<void>;
}

export interface ReprocessRequest {
  topics: readonly string[];
  batchSize: number;
  dryRun: boolean;
  /** Only these letters (each must be pending); every pending letter of `topics` when absent. */
  only?: readonly DeadLetterPosition[];
}

/**
 * The dead-letter operations `npm run dlq` and the admin GraphQL API share: counting and
 * listing the pending letters, and re-processing them (all, or a selection) or dry-running
 * that. Re-processing for real goes through the same ingestion path as the worker.
 */
export class DeadLetterDesk {
  private readonly reprocessGroup: string;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly kafka: Kafka,
    readonly topics: KafkaTopics,
    /** Opens the worker's ingestion path for a run that re-processes for real. */
    private readonly openIngestion: () => Promise<OpenedIngestion>,
  ) {
    this.reprocessGroup = reprocessGroupId(config);
  }

  get groupId(): string {
    return this.reprocessGroup;
  }

  /** Creates the dead-letter topics once, on first use (listing a topic that does not exist yet fails). */
  private topicsReady(): Promise<void> {
    this.ready ??= ensureTopics(this.kafka, this.topics.deadLetters, this.config).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Per-topic counts of every dead-letter topic. */
  async counts(): Promise<DeadLetterCount[]> {
    await this.topicsReady();
    return countsOf(this.topics.deadLetters, await deadLetterBacklog(this.kafka, this.topics.deadLetters, this.reprocessGroup));
  }

  /** Per-topic counts, and up to `limit` pending letters per topic after the cursor `after` (oldest first, by partition then offset). */
  async pending(topics: readonly string[], limit: number, after?: DeadLetterPosition): Promise<PendingPage> {
    await this.topicsReady();
    const backlog = await deadLetterBacklog(this.kafka, topics, this.reprocessGroup);
    const ranges: PartitionRange[] = backlog
      .filter((entry) => !after || entry.topic !== after.topic || entry.partition >= after.partition)
      .map((entry) => {
        const from = after && entry.topic === after.topic && entry.partition === after.partition && after.offset + 1n > entry.next ? after.offset + 1n : entry.next;
        return { topic: entry.topic, partition: entry.partition, from, to: from + BigInt(limit) < entry.high ? from + BigInt(limit) : entry.high };
      });
    const letters: PendingDeadLetter[] = [];
    await readRanges(this.kafka, ranges, { groupId: this.readerGroup(), commit: false, sliceSize: limit }, async (range, messages) => {
      for (const message of messages) {
        letters.push({ topic: range.topic, partition: range.partition, offset: BigInt(message.offset), letter: parseDeadLetter(message.value) });
      }
      return 'handled';
    });
    letters.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
    const page = topics.flatMap((topic) => letters.filter((letter) => letter.topic === topic).slice(0, limit));
    return { counts: countsOf(topics, backlog), letters: page };
  }

  /**
   * A pass over the pending letters of `topics` (see reprocessDeadLetters), or over the ones
   * named in `only`. A selection is re-processed without moving the topic's re-processing
   * position: the letters stay listed until a full pass, which finds their events already
   * committed (event ids make that harmless).
   */
  async reprocess(request: ReprocessRequest): Promise<ReprocessSummary> {
    await this.topicsReady();
    const scope = { topics: request.topics, batchSize: request.batchSize, reprocessGroup: this.reprocessGroup, readerGroup: this.readerGroup() };
    const ranges = request.only ? await this.pendingRanges(request.only) : undefined;
    if (request.dryRun) {
      const limits = { maxFutureSkewMs: this.config.EVENT_MAX_FUTURE_SKEW_MS, maxPayloadBytes: this.config.EVENT_MAX_PAYLOAD_BYTES };
      return reprocessDeadLetters(this.kafka, { ...scope, ranges }, { dryRun: true, isValid: (raw) => passesValidation(raw, limits) });
    }
    const opened = await this.openIngestion();
    const { ingestor, deadLetters } = opened;
    try {
      await deadLetters.connect();
      return await reprocessDeadLetters(this.kafka, { ...scope, ranges }, { dryRun: false, ingestor });
    } finally {
      await deadLetters.disconnect();
      await opened.close();
    }
  }

  /** One-offset ranges for the selected letters; a letter that is not pending (re-processed already, expired, not yet written) is refused. */
  private async pendingRanges(only: readonly DeadLetterPosition[]): Promise<PartitionRange[]> {
    const backlog = await deadLetterBacklog(this.kafka, [...new Set(only.map((position) => position.topic))], this.reprocessGroup);
    return only.map((position) => {
      const entry = backlog.find((candidate) => candidate.topic === position.topic && candidate.partition === position.partition);
      if (!entry || position.offset < entry.next || position.offset >= entry.high) {
        throw new ValidationError('only', `${position.topic} [${position.partition}]@${position.offset} is not a pending dead letter`);
      }
      return { topic: position.topic, partition: position.partition, from: position.offset, to: position.offset + 1n };
    });
  }

  /** A throwaway consumer group for reads that commit nothing. */
  private readerGroup(): string {
    return `${this.config.KAFKA_GROUP_ID}.dlq-reader-${randomUUID()}`;
  }
}

function countsOf(topics: readonly string[], backlog: readonly PartitionBacklog[]): DeadLetterCount[] {
  return topics.map((topic) => {
    const partitions = backlog.filter((entry) => entry.topic === topic);
    const sum = (count: (entry: PartitionBacklog) => bigint) => partitions.reduce((total, entry) => total + count(entry), 0n);
    return { topic, held: sum(heldCount), pending: sum(pendingCount) };
  });
}

function passesValidation(raw: unknown, options: { maxFutureSkewMs: number; maxPayloadBytes: number }): boolean {
  try {
    parseEvent(raw, options);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}
