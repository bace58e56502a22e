import type { Notification } from '../engine/notifications/notification';
import type { SqlExecutor } from '../platform/database';
import { OUTBOX_COLUMNS, toNotification, type OutboxRow } from './outbox-rows';

/** The relay's side of the outbox: what is waiting, marking it done, and forgetting old rows. */
export class OutboxQueue {
  constructor(private readonly sql: SqlExecutor) {}

  /** The oldest committed notifications not yet relayed, in outbox order. */
  async pending(limit: number): Promise<Notification[]> {
    const rows = await this.sql.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE published_at IS NULL ORDER BY outbox.id LIMIT $1`,
      [limit],
    );
    return rows.map(toNotification);
  }

  async markPublished(batch: readonly Notification[]): Promise<void> {
    await this.sql.query(
      `UPDATE outbox SET published_at = now()
       WHERE (user_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[])) AND published_at IS NULL`,
      [batch.map((n) => n.userId), batch.map((n) => n.id)],
    );
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
