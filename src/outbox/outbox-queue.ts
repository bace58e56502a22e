import type { Notification } from '../engine/notifications/notification';
import type { PreparedSql, SqlExecutor } from '../platform/database';
import { OUTBOX_COLUMNS, toNotification, type OutboxRow } from './outbox-rows';

/**
 * The relay's side of the outbox: what is waiting (`outbox_pending`, written with the outbox
 * rows) and marking it published (deleting it from the queue; outbox rows are never updated).
 * Old rows go with their month's partition (src/retention).
 */
export class OutboxQueue {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Marks `delivered` published and returns the oldest committed notifications still waiting other
   * than those `inFlight`, in outbox order, in one round trip (the statement's read does not see
   * its own delete, so it leaves the just-marked rows out by id as well).
   */
  async markPublishedAndTakeNext(delivered: readonly Notification[], inFlight: readonly Notification[], limit: number): Promise<Notification[]> {
    const rows = await this.sql.query<OutboxRow>(MARK_AND_TAKE_SQL, [idsOf(delivered), idsOf(inFlight), limit]);
    return rows.map(toNotification);
  }

  async markPublished(delivered: readonly Notification[]): Promise<void> {
    await this.sql.query(MARK_SQL, [idsOf(delivered)]);
  }

  /**
   * Clears the queue's deleted rows out of its index. The relay scans the queue from its oldest
   * id, and until a vacuum every row deleted since still costs that scan a visit; autovacuum
   * looks at most once a minute (and may be off), so the relay does it itself. The table holds
   * only the backlog, so this takes milliseconds.
   */
  async vacuum(): Promise<void> {
    await this.sql.query('VACUUM outbox_pending');
  }

  async backlog(): Promise<number> {
    const [row] = await this.sql.query<{ count: string }>(`SELECT count(*)::text AS count FROM outbox_pending`);
    return Number(row.count);
  }
}

function idsOf(notifications: readonly Notification[]): string[] {
  return notifications.map((notification) => notification.id);
}

const MARK_PUBLISHED = `DELETE FROM outbox_pending WHERE id = ANY($1::bigint[])`;

const MARK_SQL: PreparedSql = { name: 'relay-mark', text: MARK_PUBLISHED };

const MARK_AND_TAKE_SQL: PreparedSql = {
  name: 'relay-mark-and-take',
  text: `WITH marked AS (${MARK_PUBLISHED})
    SELECT ${OUTBOX_COLUMNS} FROM outbox
    WHERE id = ANY(ARRAY(
      SELECT id FROM outbox_pending WHERE id <> ALL($1::bigint[]) AND id <> ALL($2::bigint[]) ORDER BY id LIMIT $3))
    ORDER BY outbox.id`,
};
