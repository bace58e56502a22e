import type { Notification } from '../engine/notifications/notification';
import { parseNotification } from './notification-record';

/** An outbox row as the relay and the catch-up reads select it. */
export interface OutboxRow {
  id: string;
  user_id: string;
  kind: string;
  event_id: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

export const OUTBOX_COLUMNS = 'id::text AS id, user_id, kind, event_id, payload, created_at';

export function toNotification(row: OutboxRow): Notification {
  return parseNotification({ id: row.id, userId: row.user_id, kind: row.kind, eventId: row.event_id, payload: row.payload, createdAt: row.created_at });
}
