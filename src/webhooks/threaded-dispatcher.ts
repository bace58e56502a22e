import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { classifyError } from '../errors';
import type { AppConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { DispatcherThreadCommand, DispatcherThreadData, DispatcherThreadReport } from './dispatcher-thread';
import type { WebhookMetrics } from './webhook-metrics';

/** What a process holds of its dispatcher, wherever it runs. */
export interface DispatcherHandle {
  /** Deliveries were queued. */
  wake(): void;
  /** Endpoints changed. */
  refresh(): void;
  stop(): Promise<void>;
}

const RESTART_PAUSE_MS = 1000;
/** How long `stop` lets the thread finish before ending it (a thread still opening its pool against a database that is down). */
const STOP_DEADLINE_MS = 10_000;

/**
 * The compiled thread entry: beside this module when it runs built; Jest runs the TypeScript
 * sources, and takes the build (`npm test` builds first, as for the suites that spawn processes).
 */
const THREAD_ENTRY = [path.join(__dirname, 'dispatcher-thread.js'), path.resolve(__dirname, '../../dist/webhooks/dispatcher-thread.js')].find(existsSync);

/**
 * A WebhookDispatcher in a worker thread of this process (PostgreSQL only: the thread opens its
 * own pool and leadership connection). Sending, signing and recording thousands of deliveries a
 * second then never hold up the event loop that relays the outbox to subscribers (and, in a
 * worker, consumes events). The thread forwards its metrics to this process's registry; a
 * thread that dies is started again, and the dispatch lock keeps it to one dispatcher. It starts
 * when there is something to dispatch: endpoints enabled at start, else the first deliveries
 * queued or endpoint changed here (a process without webhooks loads nothing).
 */
export class ThreadedDispatcher implements DispatcherHandle {
  private readonly entry: string;
  private thread: Worker | undefined;
  private stopping = false;
  private restart: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig & { DATABASE_URL: string },
    private readonly metrics: WebhookMetrics,
    private readonly logger: Logger,
    endpointsEnabled: Promise<boolean>,
  ) {
    if (THREAD_ENTRY === undefined) throw new Error('the webhook dispatcher thread is not built (npm run build)');
    this.entry = THREAD_ENTRY;
    endpointsEnabled.then(
      (enabled) => {
        if (enabled) this.running();
      },
      (error: unknown) => {
        this.logger.warn({ errorMessage: classifyError(error).message }, 'webhook endpoints not read; starting the dispatcher thread');
        this.running();
      },
    );
  }

  wake(): void {
    this.running()?.postMessage('wake' satisfies DispatcherThreadCommand);
  }

  refresh(): void {
    this.running()?.postMessage('refresh' satisfies DispatcherThreadCommand);
  }

  /** The thread stops its dispatcher (requests in flight stay pending for the next one) and closes its connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    thread.postMessage('stop' satisfies DispatcherThreadCommand);
    const deadline = setTimeout(() => void thread.terminate(), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(deadline);
  }

  /** The thread, started if it is not running (none while stopping, or while waiting to start it again). */
  private running(): Worker | undefined {
    if (this.thread === undefined && this.restart === undefined && !this.stopping) this.spawn();
    return this.thread;
  }

  private spawn(): void {
    const thread = new Worker(this.entry, { workerData: { config: this.config } satisfies DispatcherThreadData, name: 'webhook-dispatcher' });
    thread.on('message', (report: DispatcherThreadReport) => this.metrics.replay(report.metrics));
    thread.on('error', (error) => this.logger.error({ errorMessage: classifyError(error).message }, 'webhook dispatcher thread failed'));
    thread.on('exit', (exitCode) => {
      if (this.thread !== thread) return;
      this.thread = undefined;
      if (this.stopping) return;
      this.logger.warn({ exitCode }, 'webhook dispatcher thread ended; starting it again');
      this.restart = setTimeout(() => {
        this.restart = undefined;
        this.spawn();
      }, RESTART_PAUSE_MS);
    });
    this.thread = thread;
  }
}
