import type { Database } from '../platform/database';

/** Stored events one purge round removes at most (a full round runs again at once). */
export const EVENT_PURGE_BATCH = 5000;

/** The transaction advisory lock one purge round holds, so a single process purges at a time. */
export const EVENT_PURGE_LOCK_KEY = 4_000_000_013;

/**
 * Removes the payloads of stored events accepted more than EVENT_RETENTION_DAYS ago; each row
 * stays as a tombstone (a retraction of it is refused as outside retention, and its member's
 * history is known to be incomplete). One round is one transaction under an advisory lock (other
 * processes skip the round): it locks the members whose old events it takes, in user_id order as
 * every change of a member does (so it never deadlocks with an event batch), purges those events
 * and moves each member's `events_purged_through` to the latest event time it purged: a recompute
 * cannot reach before it.
 */
export class EventRetentionPurge {
  constructor(
    private readonly database: Database,
    private readonly retentionDays: number,
  ) {}

  /** One round; returns how many stored events it looked at (0 when another process holds the purge or nothing is due). */
  async purge(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [EVENT_PURGE_LOCK_KEY]);
      if (!lock.locked) return 0;
      const due = await tx.query<{ user_id: string }>(`SELECT user_id FROM events WHERE created_at < now() - make_interval(days => $1) AND payload IS NOT NULL LIMIT $2`, [
        this.retentionDays,
        EVENT_PURGE_BATCH,
      ]);
      if (due.length === 0) return 0;
      const members = [...new Set(due.map((row) => row.user_id))].sort();
      await tx.query(`SELECT 1 FROM profiles WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`, [members]);
      await tx.query(
        `WITH purged AS (
           UPDATE events SET payload = NULL
           WHERE user_id = ANY($1::uuid[]) AND created_at < now() - make_interval(days => $2) AND payload IS NOT NULL
           RETURNING user_id, occurred_at
         )
         UPDATE profiles p SET events_purged_through = greatest(p.events_purged_through, x.through)
         FROM (SELECT user_id, max(occurred_at) AS through FROM purged GROUP BY user_id) AS x WHERE p.user_id = x.user_id`,
        [members, this.retentionDays],
      );
      return due.length;
    });
  }
}
