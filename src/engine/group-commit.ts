import type { EventInput, GamificationEngine, ProcessOutcome } from './gamification-engine';
import { classifyError } from './errors';

export interface GroupCommitOptions {
  /** How long the first event of a group waits for company, in ms (0: until the next tick). */
  windowMs: number;
  /** A group this large commits at once. */
  maxBatch: number;
}

interface Waiting {
  input: EventInput;
  resolve(outcome: ProcessOutcome): void;
  reject(error: unknown): void;
}

/**
 * Gathers single-event calls that arrive within a millisecond or two into one engine batch:
 * one commit instead of many, which is what lifts the per-commit ceiling. Each event stays all
 * or nothing; if a group fails for a reason that is not transient, its events are retried one
 * by one so a single bad event cannot fail its neighbours.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Pick<GamificationEngine, 'process'>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(input: EventInput): Promise<ProcessOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.waiting.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.waiting;
    this.waiting = [];
    if (group.length > 0) void this.commit(group);
  }

  private async commit(group: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.engine.process(group.map((entry) => entry.input));
      group.forEach((entry, index) => entry.resolve(outcomes[index]));
    } catch (error) {
      const classified = classifyError(error);
      if (group.length === 1 || classified.retriable) {
        for (const entry of group) entry.reject(classified);
        return;
      }
      for (const entry of group) await this.commit([entry]);
    }
  }
}
