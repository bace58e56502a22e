import { wrap, type CircuitBreakerPolicy, type RetryPolicy } from 'cockatiel';
import { classifyError, type GamificationError } from '../errors';
import type { Logger } from '../platform/logger';
import { isBrokenCircuit } from '../platform/resilience';

/** Called while work is held: keeps the consumer's group membership alive; false means stop holding (shutdown, rebalance). */
export type KeepAlive = () => Promise<boolean>;

export type GateResult<T> =
  | { status: 'done'; value: T }
  /** Failed after `retries` retries (none for an error that is not transient). */
  | { status: 'failed'; error: GamificationError; retries: number }
  | { status: 'stopped' };

/**
 * Runs database work with the database retry policy behind the PostgreSQL circuit breaker.
 * While the breaker is open the work is held, polling every `holdPollMs` and keeping the
 * consumer alive, until a trial call gets through: an outage pauses consumption instead of
 * spinning or failing work. It counts the work that succeeds, so that callers can tell a
 * failure of their own work from an outage (see {@link successes}).
 */
export class DatabaseGate {
  private readonly guarded;
  private succeeded = 0;
  private holding = 0;

  constructor(
    retryPolicy: RetryPolicy,
    breaker: CircuitBreakerPolicy,
    private readonly holdPollMs: number,
    private readonly logger: Logger,
  ) {
    this.guarded = wrap(retryPolicy, breaker);
  }

  /** How many runs have succeeded so far: it grows while the database works for someone. */
  get successes(): number {
    return this.succeeded;
  }

  async run<T>(work: () => Promise<T>, keepAlive: KeepAlive): Promise<GateResult<T>> {
    let held = false;
    let resumed = false;
    try {
      for (;;) {
        const attempt = await this.attempt(work);
        if (attempt) {
          resumed = attempt.status === 'done';
          return attempt;
        }
        if (!held) this.startHolding();
        held = true;
        if (!(await this.pause(keepAlive))) return { status: 'stopped' };
      }
    } finally {
      if (held) this.stopHolding(resumed);
    }
  }

  /** Waits one poll interval, then keeps the consumer alive; false when the caller should stop. */
  async pause(keepAlive: KeepAlive): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, this.holdPollMs));
    return keepAlive();
  }

  /** One guarded execution; undefined when the breaker refused it (PostgreSQL is considered down). */
  private async attempt<T>(work: () => Promise<T>): Promise<GateResult<T> | undefined> {
    let retries = 0;
    try {
      const value = await this.guarded.execute(({ attempt }) => {
        retries = attempt;
        return work();
      });
      this.succeeded++;
      return { status: 'done', value };
    } catch (error) {
      if (isBrokenCircuit(error)) return undefined;
      return { status: 'failed', error: classifyError(error), retries };
    }
  }

  private startHolding(): void {
    if (this.holding++ === 0) this.logger.warn('PostgreSQL unavailable: holding batches (offsets not committed) until it is back');
  }

  private stopHolding(resumed: boolean): void {
    if (--this.holding === 0 && resumed) this.logger.info('PostgreSQL available again: consumption resumed');
  }
}
