import type { Notification } from '../engine/notifications/notification';
import type { PreparedSql, SqlExecutor } from '../platform/database';
import { toNotification, type OutboxRow } from './outbox-rows';
import { WrittenNotifications } from './written-notifications';

/**
 * The relay's side of the outbox: what is waiting (`outbox_pending`, written with the outbox
 * rows) and marking it published (deleting it from the queue; outbox rows are never updated).
 * Old rows go with their month's partition (src/retention).
 */
export class OutboxQueue {
  /** @param written what this process's batches wrote and handed over: those rows are not read back (by default nothing is: every row is read). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly written: WrittenNotifications = new WrittenNotifications(0),
  ) {}

  /**
   * Marks `delivered` published and returns the oldest committed notifications still waiting other
   * than those `inFlight`, in outbox order, in one round trip (the statement's read does not see
   * its own delete, so it leaves the just-marked rows out by id as well). Those this process wrote
   * come from memory: the statement returns only their ids.
   */
  async markPublishedAndTakeNext(delivered: readonly Notification[], inFlight: readonly Notification[], limit: number): Promise<Notification[]> {
    const known = this.written.snapshot();
    const rows = await this.sql.query<OutboxRow | { id: string; kind: null }>(MARK_AND_TAKE_SQL, [idsOf(delivered), idsOf(inFlight), limit, [...known.keys()]]);
    const taken = rows.map((row) => (row.kind === null ? known.get(row.id)! : toNotification(row)));
    this.written.forget(taken.map((notification) => notification.id));
    return taken;
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

/**
 * Marks $1 published and takes the oldest waiting ids other than $1 and $2: those the relay's
 * process remembers ($4) come back as their id alone (kind NULL), the others with their row.
 */
const MARK_AND_TAKE_SQL: PreparedSql = {
  name: 'relay-mark-and-take',
  text: `WITH marked AS (${MARK_PUBLISHED}),
    next AS MATERIALIZED (
      SELECT id FROM outbox_pending WHERE id <> ALL($1::bigint[]) AND id <> ALL($2::bigint[]) ORDER BY id LIMIT $3)
    SELECT taken.id::text AS id, user_id, kind, event_id, payload, created_at FROM (
      SELECT id, NULL::uuid AS user_id, NULL::text AS kind, NULL::text AS event_id, NULL::jsonb AS payload, NULL::timestamptz AS created_at
      FROM next WHERE id = ANY($4::bigint[])
      UNION ALL
      SELECT id, user_id, kind, event_id, payload, created_at FROM outbox
      WHERE id = ANY(ARRAY(SELECT id FROM next WHERE id <> ALL($4::bigint[])))
    ) AS taken
    ORDER BY taken.id`,
};
