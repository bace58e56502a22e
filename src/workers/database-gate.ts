import { wrap, type CircuitBreakerPolicy, type RetryPolicy } from 'cockatiel';
import { classifyError, type GamificationError } from '../engine/errors';
import type { Logger } from '../platform/logger';
import { isBrokenCircuit } from '../platform/resilience';

/** Called while work is held: keeps the consumer's group membership alive; false means stop holding (shutdown, rebalance). */
export type KeepAlive = () => Promise<boolean>;

export type GateResult<T> =
  | { status: 'done'; value: T }
  /** The database answers, yet this work kept failing: the caller dead-letters or splits it. */
  | { status: 'failed'; error: GamificationError; retries: number }
  | { status: 'stopped' };

/**
 * Runs database work with the database retry policy behind the PostgreSQL circuit breaker.
 * While PostgreSQL is unavailable (the breaker is open, or the work failed transiently and a
 * ping fails too) the work is held, polling every `holdPollMs` and keeping the consumer alive,
 * until the breaker lets a trial through and it succeeds: an outage pauses consumption instead
 * of spinning or dead-lettering. Only failures while the database answers come back as `failed`.
 */
export class DatabaseGate {
  private readonly guarded;
  private holding = 0;

  constructor(
    retryPolicy: RetryPolicy,
    private readonly breaker: CircuitBreakerPolicy,
    private readonly ping: () => Promise<void>,
    private readonly holdPollMs: number,
    private readonly logger: Logger,
  ) {
    this.guarded = wrap(retryPolicy, breaker);
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
        if (!(await this.hold(keepAlive))) return { status: 'stopped' };
      }
    } finally {
      if (held) this.stopHolding(resumed);
    }
  }

  /** One guarded execution; undefined when PostgreSQL is unavailable and the work must be held. */
  private async attempt<T>(work: () => Promise<T>): Promise<GateResult<T> | undefined> {
    let retries = 0;
    try {
      const value = await this.guarded.execute(({ attempt }) => {
        retries = attempt;
        return work();
      });
      return { status: 'done', value };
    } catch (error) {
      if (isBrokenCircuit(error)) return undefined;
      const failure = classifyError(error);
      if (failure.retriable && !(await this.databaseAnswers())) return undefined;
      return { status: 'failed', error: failure, retries };
    }
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.breaker.execute(this.ping);
      return true;
    } catch {
      // The failed ping counted against the breaker; the caller holds and tries again.
      return false;
    }
  }

  private async hold(keepAlive: KeepAlive): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, this.holdPollMs));
    return keepAlive();
  }

  private startHolding(): void {
    if (this.holding++ === 0) this.logger.warn('PostgreSQL unavailable: holding batches (offsets not committed) until it is back');
  }

  private stopHolding(resumed: boolean): void {
    if (--this.holding === 0 && resumed) this.logger.info('PostgreSQL available again: consumption resumed');
  }
}
