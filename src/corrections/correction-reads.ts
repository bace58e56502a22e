import type { CorrectionRecord } from '../engine/recompute/correction-record';
import { toCorrectionRecord } from '../engine/store/postgres-member-history';
import { ValidationError } from '../errors';
import type { SqlExecutor } from '../platform/database';

/** An event a plausibility hold kept, as the review list shows it. */
export interface HeldEventView {
  eventId: string;
  userId: string;
  type: string;
  journey: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  holdKey: string;
  reason: string;
  heldAt: Date;
  /** Pass as `after` for the next page. */
  cursor: string;
}

/** A member's corrections, newest first; events held for review, oldest first. */
export class CorrectionReads {
  constructor(private readonly database: SqlExecutor) {}

  async list(userId: string, limit: number): Promise<CorrectionRecord[]> {
    const rows = await this.database.query<Parameters<typeof toCorrectionRecord>[0]>(`SELECT * FROM corrections WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [
      userId,
      limit,
    ]);
    return rows.map(toCorrectionRecord);
  }

  /** Held events (every member), oldest first, after a cursor a previous page returned. */
  async held(limit: number, after: string | null): Promise<HeldEventView[]> {
    const [heldAt, userId, eventId] = after === null ? [null, null, null] : parseCursor(after);
    const rows = await this.database.query<{
      event_id: string;
      user_id: string;
      type: string;
      journey: string;
      occurred_at: string | Date;
      payload: Record<string, unknown>;
      hold_key: string;
      hold_reason: string;
      created_at: string | Date;
      cursor_at: string;
    }>(
      `SELECT event_id, user_id, type, journey, occurred_at, payload, hold_key, hold_reason, created_at,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM events WHERE status = 'HELD' AND ($1::timestamptz IS NULL OR (created_at, user_id, event_id) > ($1::timestamptz, $2::uuid, $3::text))
       ORDER BY created_at, user_id, event_id LIMIT $4`,
      [heldAt, userId, eventId, limit],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      userId: row.user_id,
      type: row.type,
      journey: row.journey,
      occurredAt: new Date(row.occurred_at),
      data: row.payload,
      holdKey: row.hold_key,
      reason: row.hold_reason,
      heldAt: new Date(row.created_at),
      cursor: `${row.cursor_at}|${row.user_id}|${row.event_id}`,
    }));
  }
}

function parseCursor(cursor: string): [string, string, string] {
  const [heldAt, userId, ...eventId] = cursor.split('|');
  if (!heldAt || Number.isNaN(Date.parse(heldAt)) || !/^[0-9a-f-]{36}$/i.test(userId ?? '') || eventId.length === 0) {
    throw new ValidationError('after', 'not a cursor heldEvents returned');
  }
  return [heldAt, userId, eventId.join('|')];
}
