import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';
import type { DispatchLeadership } from './dispatch-leadership';
import { retryDelayMs, type RetrySettings } from './retry-schedule';
import { webhookBody } from './webhook-message';
import type { DispatchMetrics } from './webhook-metrics';
import type { WebhookSender } from './webhook-sender';
import { WebhookSigner } from './webhook-signer';
import { WebhookDeliveryStatus, type AttemptOutcome, type ClaimedBatch, type ClaimedDelivery, type WebhookStore } from './webhook-store';

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  leadership: DispatchLeadership;
  /** A sender per endpoint (its own connections, so a slow endpoint holds only its own sockets). */
  createSender(): WebhookSender;
  retry: RetrySettings;
  /** Requests in flight at once per endpoint (WEBHOOK_CONCURRENCY); each member's go one at a time. */
  concurrency: number;
  /** Consecutive failed deliveries that disable an endpoint (WEBHOOK_DISABLE_AFTER). */
  disableAfter: number;
  /** Finished deliveries are deleted after this many days (WEBHOOK_RETENTION_DAYS). */
  retentionDays: number;
  /** How often endpoints, leadership and queue ages are looked at, and the longest an idle endpoint sleeps. */
  pollIntervalMs: number;
  /** Deliveries taken per round, per endpoint. */
  batchSize: number;
  metrics: DispatchMetrics;
  logger: Logger;
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const ERROR_PAUSE_MS = 1000;

/**
 * Sends queued deliveries, one independent loop per enabled endpoint, so an endpoint that is
 * slow, failing or down holds up only its own queue. Runs in the one process that holds the
 * dispatch lock; the others stand by.
 */
export class WebhookDispatcher {
  private readonly endpoints = new Map<string, EndpointDispatch>();
  private readonly stopping = new AbortController();
  private readonly sleeper = new Sleeper();
  private running: Promise<void> | undefined;
  private lastPurgeAt = 0;

  constructor(private readonly options: WebhookDispatcherOptions) {
    options.leadership.onWake(() => this.wake());
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Deliveries were queued: every endpoint looks at its queue now. */
  wake(): void {
    for (const endpoint of this.endpoints.values()) endpoint.wake();
  }

  /** Endpoints changed (created, enabled): look at the list now rather than at the next poll. */
  refresh(): void {
    this.sleeper.wake();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.sleeper.wake();
    await this.running;
    await this.stopEndpoints([...this.endpoints.keys()]);
    await this.options.leadership.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        if (await this.options.leadership.lead()) {
          await this.followEndpoints();
          await this.housekeeping();
        } else {
          await this.stopEndpoints([...this.endpoints.keys()]);
        }
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        const classified = classifyError(error);
        this.options.logger.warn({ errorMessage: classified.message, errorCategory: classified.category }, 'webhook dispatcher failed; retrying');
      }
      await this.sleeper.sleep(this.options.pollIntervalMs, this.stopping.signal);
    }
  }

  /** One loop per enabled endpoint: started for new ones, stopped for disabled or deleted ones. */
  private async followEndpoints(): Promise<void> {
    const enabled = new Set(await this.options.store.enabledWebhookIds());
    await this.stopEndpoints([...this.endpoints.keys()].filter((id) => !enabled.has(id)));
    for (const id of enabled) {
      if (this.endpoints.has(id) || this.stopping.signal.aborted) continue;
      const endpoint: EndpointDispatch = new EndpointDispatch(id, this.options, () => this.forget(id, endpoint));
      this.endpoints.set(id, endpoint);
      endpoint.start();
    }
  }

  private async stopEndpoints(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const endpoint = this.endpoints.get(id);
        if (endpoint) this.forget(id, endpoint);
        await endpoint?.stop();
      }),
    );
  }

  /** An endpoint's loop ended (stopped, or its endpoint was disabled or deleted): it no longer reports a queue age. */
  private forget(id: string, endpoint: EndpointDispatch): void {
    if (this.endpoints.get(id) !== endpoint) return;
    this.endpoints.delete(id);
    this.options.metrics.forget(id);
  }

  private async housekeeping(): Promise<void> {
    const { store, metrics, logger, retentionDays } = this.options;
    for (const id of this.endpoints.keys()) metrics.queueAge(id, await store.queueAgeSeconds(id));
    const now = Date.now();
    if (now - this.lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.lastPurgeAt = now;
    const purged = await store.purgeFinishedBefore(retentionDays);
    if (purged > 0) logger.info({ purged, retentionDays }, 'purged finished webhook deliveries');
  }
}

/** One endpoint's queue: take what is due, send it (each member's in order), record, repeat. */
class EndpointDispatch {
  private readonly sleeper = new Sleeper();
  private readonly stopping = new AbortController();
  private readonly sender: WebhookSender;
  private running: Promise<void> | undefined;
  /** Until a round shows otherwise, the endpoint may have failures on record that a delivery must reset. */
  private failuresOnRecord = true;

  constructor(
    private readonly webhookId: string,
    private readonly options: WebhookDispatcherOptions,
    private readonly onEnded: () => void,
  ) {
    this.sender = options.createSender();
  }

  start(): void {
    this.running ??= this.run().finally(() => {
      this.sender.close();
      this.onEnded();
    });
  }

  wake(): void {
    this.sleeper.wake();
  }

  /** Requests in flight are cut off and left pending (not counted as attempts): whoever dispatches next sends them again. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.sleeper.wake();
    this.sender.close();
    await this.running;
  }

  private async run(): Promise<void> {
    const { store, logger, batchSize, pollIntervalMs, retry } = this.options;
    while (!this.stopping.signal.aborted) {
      this.sleeper.reset();
      let batch: ClaimedBatch | undefined;
      try {
        batch = await store.claim(this.webhookId, batchSize);
        if (batch === undefined) return;
        if (batch.deliveries.length > 0) {
          const outcomes = await this.deliver(batch);
          if (this.stopping.signal.aborted) return;
          await this.record(outcomes);
          // An endpoint that failed every attempt of the round is not woken by new deliveries: its
          // retries are seconds apart anyway, and each round reads its whole backlog.
          if (outcomes.some((outcome) => outcome.status === WebhookDeliveryStatus.DELIVERED)) continue;
          await this.sleeper.sleep(Math.min(pollIntervalMs, retry.baseMs), this.stopping.signal, { ignoreWakes: true });
          continue;
        }
      } catch (error) {
        const classified = classifyError(error);
        logger.warn({ webhookId: this.webhookId, errorMessage: classified.message, errorCategory: classified.category }, 'webhook queue failed; retrying');
        await this.sleeper.sleep(ERROR_PAUSE_MS, this.stopping.signal);
        continue;
      }
      const untilDue = batch.nextDueAt === null ? pollIntervalMs : batch.nextDueAt.getTime() - Date.now();
      await this.sleeper.sleep(Math.max(1, Math.min(pollIntervalMs, untilDue)), this.stopping.signal);
    }
  }

  /** Members side by side (at most `concurrency` at once); each member's deliveries in order, stopping at one that must wait for a retry. */
  private async deliver(batch: ClaimedBatch): Promise<AttemptOutcome[]> {
    const signer = new WebhookSigner(batch.secrets);
    const byMember = new Map<string, ClaimedDelivery[]>();
    for (const delivery of batch.deliveries) {
      const queue = byMember.get(delivery.userId);
      if (queue) queue.push(delivery);
      else byMember.set(delivery.userId, [delivery]);
    }
    const members = [...byMember.values()];
    const outcomes: AttemptOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < members.length) {
        for (const delivery of members[next++]) {
          const outcome = await this.attempt(batch.url, signer, delivery);
          outcomes.push(outcome);
          if (outcome.status === WebhookDeliveryStatus.PENDING) break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, members.length) }, worker));
    return outcomes;
  }

  private async attempt(url: string, signer: WebhookSigner, delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const { metrics, retry } = this.options;
    const at = new Date();
    const base = { notificationId: delivery.notificationId, at };
    if (delivery.notification === null) {
      metrics.attempted(this.webhookId, 'failed', undefined);
      return {
        ...base,
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
        statusCode: null,
        latencyMs: 0,
        error: 'the notification left the outbox (OUTBOX_RETENTION_DAYS) before it was delivered',
      };
    }
    const body = webhookBody(delivery.notification);
    const result = await this.sender.send(url, signer.sign(delivery.notificationId, at, body), body);
    const attempted = { ...base, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error };
    if (result.delivered) {
      metrics.attempted(this.webhookId, 'delivered', result.latencyMs);
      return { ...attempted, status: WebhookDeliveryStatus.DELIVERED, nextAttemptAt: null };
    }
    const delay = retryDelayMs(delivery.attempts + 1, retry, result.retryAfterMs);
    metrics.attempted(this.webhookId, delay === undefined ? 'failed' : 'retrying', result.latencyMs);
    if (delay === undefined) return { ...attempted, status: WebhookDeliveryStatus.FAILED, nextAttemptAt: null };
    return { ...attempted, status: WebhookDeliveryStatus.PENDING, nextAttemptAt: new Date(Date.now() + delay) };
  }

  private async record(outcomes: readonly AttemptOutcome[]): Promise<void> {
    const { store, disableAfter, metrics, logger } = this.options;
    await store.recordAttempts(this.webhookId, outcomes);
    let anyDelivered = false;
    let failedSince = 0;
    for (const outcome of outcomes) {
      if (outcome.status === WebhookDeliveryStatus.DELIVERED) {
        anyDelivered = true;
        failedSince = 0;
      } else if (outcome.status === WebhookDeliveryStatus.FAILED) {
        failedSince++;
      }
    }
    if (failedSince === 0 && !(anyDelivered && this.failuresOnRecord)) return;
    const { failures, disabledNow } = await store.countFinished(this.webhookId, anyDelivered, failedSince, disableAfter);
    this.failuresOnRecord = failures > 0;
    if (disabledNow) {
      metrics.disabled(this.webhookId);
      logger.error({ webhookId: this.webhookId, consecutiveFailures: failures }, 'webhook endpoint disabled after consecutive failed deliveries');
    }
  }
}

/** A wait that `wake()` cuts short; a wake while awake makes the next sleep return at once. */
class Sleeper {
  private woken = false;
  private wakeUp: (() => void) | undefined;

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  reset(): void {
    this.woken = false;
  }

  /** Sleeps `ms`, or less when woken (unless `ignoreWakes`) or stopped. */
  sleep(ms: number, signal: AbortSignal, options: { ignoreWakes?: boolean } = {}): Promise<void> {
    if (signal.aborted || (this.woken && !options.ignoreWakes)) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      if (!options.ignoreWakes) this.wakeUp = done;
    });
  }
}
