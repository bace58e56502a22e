import { classifyError } from '../errors';
import type { Kafka, KafkaMessage } from '../platform/kafka';
import type { KeepAlive } from './database-gate';

/** Offsets `[from, to)` of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

export interface RangeReadOptions {
  groupId: string;
  /** Commit each slice's offsets to `groupId` once handled (re-processing), or read only (listing, dry runs). */
  commit: boolean;
  sliceSize: number;
}

/** Handles one slice of a range, in offset order; `stopped` ends the read early without committing the slice. */
export type SliceHandler = (range: PartitionRange, messages: KafkaMessage[], keepAlive: KeepAlive) => Promise<'handled' | 'stopped'>;

/**
 * Reads bounded offset ranges with a consumer in `groupId` (seeking each partition to `from`)
 * and stops when every range is done: a finite pass over topics that keep growing, such as
 * dead-letter topics that re-processing appends to. Resolves when done or stopped; rejects
 * with the handler's error.
 */
export async function readRanges(kafka: Kafka, ranges: readonly PartitionRange[], options: RangeReadOptions, handle: SliceHandler): Promise<void> {
  const open = new Map(ranges.filter((range) => range.from < range.to).map((range) => [rangeKey(range), { range, next: range.from }]));
  if (open.size === 0) return;
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  let finish!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error === undefined ? resolve() : reject(error))));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...new Set([...open.values()].map(({ range }) => range.topic))], fromBeginning: true });
    await consumer.run({
      autoCommit: options.commit,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, pause, isRunning }) => {
        const entry = open.get(rangeKey(batch));
        if (!entry) return void pause();
        const keepAlive: KeepAlive = async () => {
          await heartbeat();
          return isRunning();
        };
        try {
          const wanted = batch.messages.filter((message) => BigInt(message.offset) >= entry.next && BigInt(message.offset) < entry.range.to);
          for (let start = 0; start < wanted.length; start += options.sliceSize) {
            const slice = wanted.slice(start, start + options.sliceSize);
            if ((await handle(entry.range, slice, keepAlive)) === 'stopped') return finish();
            const last = slice[slice.length - 1].offset;
            entry.next = BigInt(last) + 1n;
            if (options.commit) {
              resolveOffset(last);
              await commitOffsetsIfNecessary();
            }
          }
          if (BigInt(batch.lastOffset()) + 1n >= entry.range.to) entry.next = entry.range.to;
          if (entry.next >= entry.range.to) {
            open.delete(rangeKey(batch));
            pause();
            if (open.size === 0) finish();
          }
        } catch (error) {
          pause();
          finish(classifyError(error));
        }
      },
    });
    for (const { range } of open.values()) consumer.seek({ topic: range.topic, partition: range.partition, offset: String(range.from) });
    await finished;
  } finally {
    await consumer.disconnect();
  }
}

function rangeKey({ topic, partition }: { topic: string; partition: number }): string {
  return `${topic}:${partition}`;
}
