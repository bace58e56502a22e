import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Notification } from '../engine/notifications/notification';
import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { OutboxQueue } from './outbox-queue';
import type { OutboxSink } from './outbox-sink';
import type { RelayConnection } from './relay-connection';
import type { WrittenNotifications } from './written-notifications';

export interface OutboxRelayOptions {
  connection: RelayConnection;
  /** Where committed notifications go; each gets every batch (concurrently) until it takes it. */
  sinks: readonly OutboxSink[];
  logger: Logger;
  metrics: Metrics;
  /** Fallback wake-up when no commit was announced (OUTBOX_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  batchSize: number;
  /** The notifications this process's own batches wrote, handed over so their rows need not be read back. */
  written?: WrittenNotifications;
}

/** Marked rows after which the relay vacuums its queue (at most once per poll interval). */
const VACUUM_AFTER_MARKED = 2000;
/** How long the relay waits after a failure before it reconnects. */
export const RELAY_ERROR_PAUSE_MS = 1000;

/**
 * Moves committed notifications from the outbox to the sinks, oldest first, and marks them
 * published only after every sink took them. A sink that fails (Redis down) gets the same
 * batch again with exponential backoff, never a newer one; a crash between delivery and marking
 * re-delivers (at least once). Woken at once by commits, else every poll interval.
 */
export class OutboxRelay {
  private readonly queue: OutboxQueue;
  private readonly stopping = new AbortController();
  private readonly deliveryPolicy = retry(handleAll, { backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 2000 }) });
  private woken = false;
  /** The last take found less than a batch waiting: until a commit is announced, there is nothing to take. */
  private drained = false;
  private wakeUp: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private lastBacklogAt = 0;
  private markedSinceVacuum = 0;
  private lastVacuumAt = 0;
  private failingSince: number | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.queue = new OutboxQueue(options.connection, options.written);
    options.connection.onWake(() => this.wake());
    this.deliveryPolicy.onRetry(({ attempt, delay, ...reason }) => {
      options.metrics.retries.inc({ policy: 'outbox' });
      const error = 'error' in reason ? classifyError(reason.error) : undefined;
      options.logger.warn({ attempt, delayMs: Math.round(delay), errorMessage: error?.message, errorCategory: error?.category }, 'outbox delivery failed; retrying the same batch');
      this.refreshBacklog();
    });
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Something committed: relay now rather than at the next poll. Cheap; calls coalesce. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.running;
    await this.options.connection.close();
  }

  private async run(): Promise<void> {
    const { connection, logger } = this.options;
    while (!this.stopping.signal.aborted) {
      this.woken = false;
      try {
        if (await connection.lead()) {
          await this.drain();
          await this.housekeeping();
        }
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        const classified = classifyError(error);
        logger.warn({ errorMessage: classified.message, errorCategory: classified.category }, 'outbox relay failed; reconnecting');
        await connection.reset();
        await this.idle(RELAY_ERROR_PAUSE_MS);
        continue;
      }
      await this.idle(this.options.pollIntervalMs);
    }
  }

  /**
   * Relays until nothing waits. Pipelined: while a batch goes to the sinks, one round trip marks
   * the batch delivered before it and takes the one after it, so a notification waits for at
   * most one delivery, not a delivery and a query. Batches still reach the sinks one at a time,
   * in order.
   */
  private async drain(): Promise<void> {
    this.drained = false;
    let delivered: Notification[] = [];
    for (;;) {
      let batch = await this.markAndTake(delivered, []);
      this.countPublished(delivered);
      delivered = [];
      while (batch.length > 0) {
        const inFlight = batch;
        // Both settle before anything else happens, so a failed query never leaves a delivery running behind the next one.
        const [delivery, next] = await Promise.allSettled([
          this.deliveryPolicy.execute(({ signal }) => this.deliver(inFlight, signal), this.stopping.signal),
          this.markAndTake(delivered, inFlight),
        ]);
        if (delivery.status === 'rejected') throw delivery.reason;
        if (next.status === 'rejected') throw next.reason;
        this.countPublished(delivered);
        delivered = inFlight;
        batch = next.value;
      }
      if (delivered.length === 0) return;
    }
  }

  /**
   * Marks `delivered` published and takes the next batch, except `inFlight`. When the queue was
   * found drained and no commit has been announced since, it only marks (or does nothing): a
   * commit's wake always comes after the commit, so nothing can be waiting unannounced.
   */
  private async markAndTake(delivered: readonly Notification[], inFlight: readonly Notification[]): Promise<Notification[]> {
    let batch: Notification[] = [];
    if (!this.drained || this.woken) {
      this.woken = false;
      batch = await this.queue.markPublishedAndTakeNext(delivered, inFlight, this.options.batchSize);
      this.drained = batch.length < this.options.batchSize;
    } else if (delivered.length > 0) {
      await this.queue.markPublished(delivered);
    }
    await this.vacuumWhenDue(delivered.length);
    return batch;
  }

  private async vacuumWhenDue(marked: number): Promise<void> {
    this.markedSinceVacuum += marked;
    const now = Date.now();
    if (this.markedSinceVacuum < VACUUM_AFTER_MARKED || now - this.lastVacuumAt < this.options.pollIntervalMs) return;
    this.markedSinceVacuum = 0;
    this.lastVacuumAt = now;
    await this.queue.vacuum();
  }

  private countPublished(notifications: readonly Notification[]): void {
    for (const notification of notifications) this.options.metrics.notificationsPublished.inc({ kind: notification.kind });
  }

  private async deliver(batch: readonly Notification[], signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new Error('outbox relay stopping');
    try {
      // Concurrently: a notification does not wait for the leaderboards' round trip. A batch one
      // sink took and another refused is offered to both again; both sinks are idempotent.
      await Promise.all(this.options.sinks.map((sink) => sink.deliver(batch)));
    } catch (error) {
      this.failingSince ??= Date.now();
      throw error;
    }
    if (this.failingSince !== undefined) {
      this.options.logger.info({ downtimeMs: Date.now() - this.failingSince }, 'outbox delivery recovered');
      this.failingSince = undefined;
    }
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastBacklogAt >= this.options.pollIntervalMs) {
      this.lastBacklogAt = now;
      this.options.metrics.outboxBacklog.set(await this.queue.backlog());
    }
  }

  /** Keeps the backlog gauge honest while deliveries are failing and the queue is growing. */
  private refreshBacklog(): void {
    this.queue.backlog().then(
      (backlog) => this.options.metrics.outboxBacklog.set(backlog),
      (error: unknown) => this.options.logger.warn({ errorMessage: classifyError(error).message }, 'outbox backlog not measured'),
    );
  }

  private idle(ms: number): Promise<void> {
    if (this.woken || this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
