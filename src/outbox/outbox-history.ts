import type { Notification } from '../engine/notifications/notification';
import type { SqlExecutor } from '../platform/database';
import { OUTBOX_COLUMNS, toNotification, type OutboxRow } from './outbox-rows';

/**
 * Reads a member's committed notifications back from the outbox (only committed rows exist
 * there), for the catch-up query and for subscribers whose node lost Redis for a while.
 * Rows are kept OUTBOX_RETENTION_DAYS after they were relayed.
 */
export class OutboxHistory {
  constructor(private readonly sql: SqlExecutor) {}

  /** A member's notifications after the cursor `after` (an outbox id), oldest first. */
  async since(userId: string, after: string, limit: number): Promise<Notification[]> {
    const rows = await this.sql.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE user_id = $1 AND id > $2::bigint ORDER BY outbox.id LIMIT $3`, [userId, after, limit]);
    return rows.map(toNotification);
  }

  /** Notifications of these members written since `createdSince`, oldest first. */
  async recent(userIds: readonly string[], createdSince: Date, limit: number): Promise<Notification[]> {
    const rows = await this.sql.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE user_id = ANY($1::uuid[]) AND created_at >= $2 ORDER BY outbox.id LIMIT $3`, [
      userIds,
      createdSince,
      limit,
    ]);
    return rows.map(toNotification);
  }
}
