import type { Kafka } from '../platform/kafka';

/** One partition of a dead-letter topic: its offsets and how far re-processing has got. */
export interface PartitionBacklog {
  topic: string;
  partition: number;
  /** First offset still held by the broker (older messages expired). */
  low: bigint;
  /** Offset the next message will get. */
  high: bigint;
  /** First offset not yet re-processed (the re-processing group's committed offset, at least `low`). */
  next: bigint;
}

/** Messages the broker still holds. */
export function heldCount(backlog: PartitionBacklog): bigint {
  return backlog.high - backlog.low;
}

/** Messages not yet re-processed: the backlog. */
export function pendingCount(backlog: PartitionBacklog): bigint {
  return backlog.high - backlog.next;
}

/** Offsets of every partition of `topics`, and the position of `reprocessGroup` in each (its committed offsets). */
export async function deadLetterBacklog(kafka: Kafka, topics: readonly string[], reprocessGroup: string): Promise<PartitionBacklog[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = new Map<string, bigint>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: reprocessGroup, topics: [...topics] })) {
      for (const { partition, offset } of partitions) committed.set(`${topic}:${partition}`, BigInt(offset));
    }
    const backlog: PartitionBacklog[] = [];
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        const [lowOffset, highOffset] = [BigInt(low), BigInt(high)];
        const position = committed.get(`${topic}:${partition}`) ?? -1n;
        const next = position < lowOffset ? lowOffset : position > highOffset ? highOffset : position;
        backlog.push({ topic, partition, low: lowOffset, high: highOffset, next });
      }
    }
    return backlog.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
