import { InternalError } from '../errors';
import { NotificationKind, type Notification } from '../engine/notifications/notification';

/** An outbox row as the relay and the catch-up reads select it. */
export interface OutboxRow {
  id: string;
  user_id: string;
  kind: string;
  event_id: string;
  payload: Record<string, unknown>;
  /** A Date from node-postgres; the embedded database's driver may hand over the text. */
  created_at: Date | string;
}

export const OUTBOX_COLUMNS = 'id::text AS id, user_id, kind, event_id, payload, created_at';

const KINDS: ReadonlySet<string> = new Set(Object.values(NotificationKind));

/**
 * A notification from its outbox row. The columns' types (bigint, uuid, jsonb object,
 * timestamptz) already hold; only the kind, free text in the table, is checked. Rows are written
 * by the engine alone, and the relay reads every one of them, so this stays a plain mapping.
 */
export function toNotification(row: OutboxRow): Notification {
  if (!KINDS.has(row.kind)) throw new InternalError(`outbox row ${row.id} has an unknown notification kind "${row.kind}"`);
  const createdAt = row.created_at instanceof Date ? row.created_at : new Date(row.created_at);
  // The payload is the one the engine wrote for this kind (see notificationsFor).
  return { id: row.id, userId: row.user_id, kind: row.kind, eventId: row.event_id, payload: row.payload, createdAt } as unknown as Notification;
}
