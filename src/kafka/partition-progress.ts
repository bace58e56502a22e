import type { HealthCheck } from '../platform/health';

/** How one partition this worker consumes stands: its lag, and for how long it has not moved while messages wait. */
export interface PartitionStanding {
  topic: string;
  partition: number;
  /** Messages on the broker not yet processed: the high watermark seen in the last batch minus the next offset to process. */
  lag: number;
  /** Milliseconds since the partition last advanced while messages wait; 0 when it is caught up. */
  stalledMs: number;
}

interface Progress {
  topic: string;
  partition: number;
  /** The next offset to process. */
  next: bigint;
  /** The broker's high watermark (the offset after its last message) as the last batch reported it. */
  highWatermark: bigint;
  /** When the partition last advanced, or began waiting after being caught up (ms since the epoch). */
  since: number;
}

/**
 * What the consumer has made of each partition assigned to it, so that a partition that stops
 * advancing while messages wait (a batch retried forever, a lock never released) is seen: on
 * `/health/ready` (not ready after WORKER_STALL_AFTER) and in the lag and stalled-seconds gauges.
 * The consumer reports each batch it starts and each slice it settles; the clock is injected.
 */
export class PartitionProgress {
  private readonly partitions = new Map<string, Progress>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A batch starts at `firstOffset`; the broker holds messages up to `highWatermark` (exclusive). */
  fetched(topic: string, partition: number, firstOffset: string, highWatermark: string): void {
    const key = keyOf(topic, partition);
    const known = this.partitions.get(key);
    const next = BigInt(firstOffset);
    const caughtUp = known === undefined || known.highWatermark <= known.next;
    this.partitions.set(key, {
      topic,
      partition,
      next: known === undefined || next > known.next ? next : known.next,
      highWatermark: BigInt(highWatermark),
      since: caughtUp ? this.now() : known.since,
    });
  }

  /** Every message before `nextOffset` was committed or dead-lettered. */
  advanced(topic: string, partition: number, nextOffset: string): void {
    const known = this.partitions.get(keyOf(topic, partition));
    if (known === undefined) return;
    known.next = BigInt(nextOffset);
    known.since = this.now();
  }

  /** The group gave this worker `assignment` (topic → partitions): forget the partitions it no longer consumes. */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    for (const [key, { topic, partition }] of this.partitions) {
      if (!(assignment[topic] ?? []).includes(partition)) this.partitions.delete(key);
    }
  }

  standings(): PartitionStanding[] {
    const now = this.now();
    return [...this.partitions.values()].map(({ topic, partition, next, highWatermark, since }) => {
      const waiting = highWatermark > next;
      return { topic, partition, lag: waiting ? Number(highWatermark - next) : 0, stalledMs: waiting ? Math.max(0, now - since) : 0 };
    });
  }

  /** The partitions that have not advanced for longer than `stallAfterMs` while messages wait. */
  stalled(stallAfterMs: number): PartitionStanding[] {
    return this.standings().filter((standing) => standing.stalledMs > stallAfterMs);
  }
}

/**
 * The `consumer` check of `/health/ready` (critical): fails, naming them, while partitions have
 * not advanced for longer than `stallAfterMs` with messages waiting.
 */
export function consumerProgressCheck(progress: PartitionProgress, stallAfterMs: number): HealthCheck {
  return {
    name: 'consumer',
    critical: true,
    probe: async () => {
      const stalled = progress.stalled(stallAfterMs);
      if (stalled.length === 0) return;
      const described = stalled.map(({ topic, partition, lag, stalledMs }) => `${topic}/${partition} (${lag} waiting, ${Math.round(stalledMs / 1000)} s)`);
      throw new Error(`partitions not advancing for more than ${stallAfterMs / 1000} s while messages wait: ${described.join(', ')}`);
    },
  };
}

function keyOf(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
