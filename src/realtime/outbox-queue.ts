import type { Notification } from '../engine/notifications/notification';
import type { PreparedSql, SqlExecutor } from '../platform/database';
import { OUTBOX_COLUMNS, toNotification, type OutboxRow } from './outbox-rows';

/** The relay's side of the outbox: what is waiting, marking it done, and forgetting old rows. */
export class OutboxQueue {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Marks `delivered` published and returns the oldest committed notifications still waiting
   * other than those `inFlight`, in outbox order, in one round trip (the statement's read does
   * not see its own update, so it leaves the just-marked rows out by id as well).
   */
  async markPublishedAndTakeNext(delivered: readonly Notification[], inFlight: readonly Notification[], limit: number): Promise<Notification[]> {
    const rows = await this.sql.query<OutboxRow>(MARK_AND_TAKE_SQL, [...markParams(delivered), inFlight.map((n) => n.id), limit]);
    return rows.map(toNotification);
  }

  async markPublished(delivered: readonly Notification[]): Promise<void> {
    await this.sql.query(MARK_SQL, markParams(delivered));
  }

  async backlog(): Promise<number> {
    const [row] = await this.sql.query<{ count: string }>(`SELECT count(*)::text AS count FROM outbox WHERE published_at IS NULL`);
    return Number(row.count);
  }

  /** Deletes relayed rows older than `days`; returns how many. */
  async purgePublishedBefore(days: number): Promise<number> {
    const [row] = await this.sql.query<{ count: string }>(
      `WITH purged AS (DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1) RETURNING 1)
       SELECT count(*)::text AS count FROM purged`,
      [days],
    );
    return Number(row.count);
  }
}

function markParams(delivered: readonly Notification[]): [string[], string[]] {
  return [delivered.map((n) => n.userId), delivered.map((n) => n.id)];
}

const MARK_PUBLISHED = `UPDATE outbox SET published_at = now()
  WHERE (user_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[])) AND published_at IS NULL`;

const MARK_SQL: PreparedSql = { name: 'relay-mark', text: MARK_PUBLISHED };

const MARK_AND_TAKE_SQL: PreparedSql = {
  name: 'relay-mark-and-take',
  text: `WITH marked AS (${MARK_PUBLISHED})
    SELECT ${OUTBOX_COLUMNS} FROM outbox
    WHERE published_at IS NULL AND id <> ALL($2::bigint[]) AND id <> ALL($3::bigint[])
    ORDER BY outbox.id LIMIT $4`,
};
