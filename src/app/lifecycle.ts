import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';

/** Something a process runs: started in order, stopped in reverse. */
export interface Component {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Started {
  name: string;
  stop(): Promise<void> | void;
}

/**
 * What a process has started, stopped in reverse order of starting, each given what is left of
 * one shutdown deadline (SHUTDOWN_DEADLINE_MS, under an orchestrator's kill grace period). A
 * part that fails or overruns is logged and the rest still stop, so one stuck connection cannot
 * keep the others open; the first failure (classified) is rethrown once everything was tried.
 */
export class Lifecycle {
  private readonly started: Started[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly deadlineMs: number,
  ) {}

  /** Registers how to stop something that was just started (or opened). */
  own<T>(name: string, value: T, stop: (value: T) => Promise<void> | void): T {
    this.started.push({ name, stop: () => stop(value) });
    return value;
  }

  /** Starts a component; it is registered first, so a start that fails half-way is stopped too. */
  async start(component: Component): Promise<void> {
    this.started.push(component);
    await component.start();
    this.logger.info({ component: component.name }, 'component started');
  }

  /** Builds with `build`; if it throws, stops whatever it had started and rethrows. */
  async startAll<T>(build: () => Promise<T>): Promise<T> {
    try {
      return await build();
    } catch (error) {
      await this.stop().catch((stopError: unknown) => this.logFailure('(after a failed start)', stopError));
      throw error;
    }
  }

  async stop(): Promise<void> {
    const deadline = Date.now() + this.deadlineMs;
    let firstFailure: Error | undefined;
    for (const part of this.started.splice(0).reverse()) {
      const left = deadline - Date.now();
      const outcome = await withinDeadline(
        Promise.resolve().then(() => part.stop()),
        left,
      );
      if (outcome.status === 'overran') {
        this.logger.error({ component: part.name, deadlineMs: this.deadlineMs }, 'component did not stop before the shutdown deadline; going on without it');
      } else if (outcome.status === 'failed') {
        this.logFailure(part.name, outcome.error);
        firstFailure ??= classifyError(outcome.error);
      }
    }
    if (firstFailure !== undefined) throw firstFailure;
  }

  private logFailure(name: string, error: unknown): void {
    const classified = classifyError(error);
    this.logger.error({ component: name, errorMessage: classified.message, errorCategory: classified.category }, 'component failed to stop');
  }
}

type StopOutcome = { status: 'stopped' } | { status: 'failed'; error: unknown } | { status: 'overran' };

async function withinDeadline(stopping: Promise<void>, ms: number): Promise<StopOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'overran' }), Math.max(0, ms));
  });
  const stopped = stopping.then(
    (): StopOutcome => ({ status: 'stopped' }),
    (error: unknown): StopOutcome => ({ status: 'failed', error }),
  );
  try {
    return await Promise.race([stopped, overrun]);
  } finally {
    clearTimeout(timer);
  }
}
