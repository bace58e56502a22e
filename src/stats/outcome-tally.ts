import type { SqlExecutor } from '../platform/database';

/** Outcomes of events that committed nothing: repeats, invalid or conflicting events, events of erased members. */
export type UncommittedOutcome = 'duplicate' | 'rejected' | 'dropped';

/** How long per-minute counts are kept: the overview's window is at most a day. */
const KEEP_MINUTES = 2 * 24 * 60;

/**
 * Counts, per minute, the events that committed nothing (committed ones are counted from
 * `processed_events`), in memory, and adds them to `event_outcome_minutes` on `flush` — every few
 * seconds and at shutdown — so the console's overview is the same on every node without a write
 * per event. A failed flush keeps its counts for the next one.
 */
export class OutcomeTally {
  private pending = new Map<string, { minute: number; outcome: UncommittedOutcome; events: number }>();

  constructor(
    private readonly database: SqlExecutor,
    private readonly now: () => number = Date.now,
  ) {}

  add(outcome: UncommittedOutcome): void {
    const minute = Math.floor(this.now() / 60_000) * 60_000;
    const key = `${minute}|${outcome}`;
    const entry = this.pending.get(key);
    if (entry) entry.events += 1;
    else this.pending.set(key, { minute, outcome, events: 1 });
  }

  /** Writes what was counted since the last flush; returns the number of (minute, outcome) rows written. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const taken = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.database.query(
        `WITH added AS (
           INSERT INTO event_outcome_minutes (minute, outcome, events)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::bigint[])
           ON CONFLICT (minute, outcome) DO UPDATE SET events = event_outcome_minutes.events + EXCLUDED.events
         )
         DELETE FROM event_outcome_minutes WHERE minute < now() - make_interval(mins => $4)`,
        [taken.map((entry) => new Date(entry.minute).toISOString()), taken.map((entry) => entry.outcome), taken.map((entry) => entry.events), KEEP_MINUTES],
      );
      return taken.length;
    } catch (error) {
      for (const entry of taken) {
        const key = `${entry.minute}|${entry.outcome}`;
        const current = this.pending.get(key);
        if (current) current.events += entry.events;
        else this.pending.set(key, entry);
      }
      throw error;
    }
  }
}
