/** A PostgreSQL write-ahead-log position ("16/B374D848") as a number that orders. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`not a WAL position: ${text}`);
  const [, high, low] = match;
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

const MAX_PENDING_SAMPLES = 1024;

export interface ReplicaFreshnessOptions {
  /** A replica further behind than this serves no read: everything goes to the primary. */
  maxLagMs: number;
  /** A replica not heard from for this long is taken as down. */
  silentAfterMs: number;
  /** Members whose last write is still remembered (oldest forgotten first). */
  maxTrackedWrites: number;
}

/**
 * Decides whether a read may go to the streaming replica. The primary's WAL position is sampled
 * now and then (`primarySampled`, with the time the sample was *asked for*), and so is the
 * replica's replay position (`replicaSampled`). The replica has then seen everything committed
 * before the newest sample it has replayed: that time is `caughtUpTo`.
 *
 * Read-your-writes: a member who wrote at `t` (`wrote`) reads from the primary until the replica
 * has caught up to a time after `t`. Every other read goes to the replica while it is no further
 * behind than `maxLagMs`.
 */
export class ReplicaFreshness {
  private readonly pendingSamples: { at: number; lsn: bigint }[] = [];
  private caughtUpTo: number | undefined;
  private lastHeardFromReplica: number | undefined;
  private readonly writes = new Map<string, number>();

  constructor(private readonly options: ReplicaFreshnessOptions) {}

  primarySampled(askedAt: number, lsn: bigint): void {
    this.pendingSamples.push({ at: askedAt, lsn });
    // A replica that stopped replaying would grow this without end; losing the oldest only makes `caughtUpTo` later to come.
    if (this.pendingSamples.length > MAX_PENDING_SAMPLES) this.pendingSamples.shift();
  }

  replicaSampled(at: number, replayedLsn: bigint): void {
    this.lastHeardFromReplica = at;
    let replayed = 0;
    while (replayed < this.pendingSamples.length && this.pendingSamples[replayed].lsn <= replayedLsn) replayed += 1;
    if (replayed === 0) return;
    this.caughtUpTo = this.pendingSamples[replayed - 1].at;
    this.pendingSamples.splice(0, replayed);
  }

  wrote(userId: string, at: number): void {
    this.writes.delete(userId);
    this.writes.set(userId, at);
    if (this.writes.size > this.options.maxTrackedWrites) this.writes.delete(this.writes.keys().next().value!);
  }

  /** How far behind the replica is, in ms (undefined: it has not caught up with any sample yet). */
  lagMs(now: number): number | undefined {
    return this.caughtUpTo === undefined ? undefined : now - this.caughtUpTo;
  }

  /** Whether a read (for `userId`, when it is a member's own) may be served by the replica now. */
  replicaMayServe(userId: string | undefined, now: number): boolean {
    if (this.caughtUpTo === undefined || this.lastHeardFromReplica === undefined) return false;
    if (now - this.lastHeardFromReplica > this.options.silentAfterMs) return false;
    if (now - this.caughtUpTo > this.options.maxLagMs) return false;
    if (userId === undefined) return true;
    const wroteAt = this.writes.get(userId);
    if (wroteAt === undefined) return true;
    if (wroteAt >= this.caughtUpTo) return false;
    this.writes.delete(userId);
    return true;
  }
}
