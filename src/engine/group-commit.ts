import type { EventInput, GamificationEngine, ProcessOutcome } from './gamification-engine';
import { classifyError } from '../errors';

export interface GroupCommitOptions {
  /** How long the first submission of a group waits for company, in ms (0: until the next tick). */
  windowMs: number;
  /** A group holding this many events commits at once. */
  maxBatch: number;
  /**
   * Groups committing at the same time (default: no limit). A group that is ready while this
   * many commit keeps gathering until one of them ends, so that under load groups grow instead
   * of transactions multiplying: fewer round trips and commits per event, each waiting at most
   * about one commit longer.
   */
  maxInFlight?: number;
}

interface Waiting {
  inputs: readonly EventInput[];
  resolve(outcomes: ProcessOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * Gathers submissions that arrive within a millisecond or two into one engine batch: one
 * commit instead of many, which is what lifts the per-commit ceiling. The API submits single
 * events; the Kafka worker submits each partition's slice, so slices read at the same time
 * (often the same members, in other topics) commit together instead of waiting on each other's
 * row locks. A submission stays all or nothing; if a group fails for a reason that is not
 * transient, its submissions are retried one by one so one bad submission cannot fail the others.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private waitingEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private committing = 0;

  constructor(
    private readonly engine: Pick<GamificationEngine, 'process'>,
    private readonly options: GroupCommitOptions,
  ) {}

  async submit(input: EventInput): Promise<ProcessOutcome> {
    const [outcome] = await this.submitAll([input]);
    return outcome;
  }

  /** Outcomes in the order of `inputs`. */
  submitAll(inputs: readonly EventInput[]): Promise<ProcessOutcome[]> {
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ inputs, resolve, reject });
      this.waitingEvents += inputs.length;
      if (this.waitingEvents >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    // A full group commits anyway: a group's size stays bounded.
    if (this.committing >= (this.options.maxInFlight ?? Infinity) && this.waitingEvents < this.options.maxBatch) return;
    const group = this.waiting;
    this.waiting = [];
    this.waitingEvents = 0;
    this.committing++;
    void this.commit(group).finally(() => {
      this.committing--;
      this.flush();
    });
  }

  private async commit(group: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.engine.process(group.length === 1 ? group[0].inputs : group.flatMap((entry) => entry.inputs));
      let next = 0;
      for (const entry of group) {
        entry.resolve(outcomes.slice(next, next + entry.inputs.length));
        next += entry.inputs.length;
      }
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
