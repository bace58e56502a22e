import { parseUserId } from '../contract/validation/envelope';
import { ValidationError } from '../errors';
import type { Database, SqlExecutor } from '../platform/database';
import { DEPENDENT_MEMBER_TABLES, MEMBER_DATA_TABLES } from './member-data-tables';
import type { MemberKeyring } from './member-keyring';

export interface EraseMemberInput {
  userId: string;
  reason: string;
  idempotencyKey: string;
  /** The admin who asked (the token's subject). */
  erasedBy: string;
}

export interface ErasureRecord {
  erasedAt: Date;
  erasedBy: string;
  reason: string;
  /** Rows deleted per table by the first run. */
  rowsDeleted: Record<string, number>;
  /** Redis keys changed by this run (a repeated run sweeps again: Redis may have been down the first time). */
  redisKeysChanged: number;
  /** True when the member had already been erased (this key or another). */
  alreadyErased: boolean;
}

/** Erases what outlives PostgreSQL: Redis keys, open subscriptions. */
export interface ErasureStep {
  /** How many keys or subscriptions it changed. */
  erase(userId: string): Promise<number>;
}

const MAX_REASON_LENGTH = 500;
const MAX_KEY_LENGTH = 200;

interface RecordRow {
  member_hash: string;
  erased_at: Date;
  erased_by: string;
  reason: string;
  rows_deleted: Record<string, number>;
}

/**
 * Erases a member: in one transaction under the member's lock, writes the erasure record (a
 * keyed hash of the id, who, when, why) and deletes the member's rows from every registered
 * table; then sweeps Redis and closes their subscriptions. The record makes the engine drop
 * later events for the member. Idempotent by key and by member: running it again deletes
 * nothing more, sweeps Redis again, and returns the first record.
 */
export class MemberErasure {
  constructor(
    private readonly database: Database,
    private readonly keyring: MemberKeyring,
    private readonly afterCommit: readonly ErasureStep[],
  ) {}

  async erase(request: EraseMemberInput): Promise<ErasureRecord> {
    const input = { ...request, userId: parseUserId(request.userId) };
    validate(input);
    const memberHash = this.keyring.erasureHash(input.userId);
    const { record, alreadyErased } = await this.database.transaction(async (tx) => {
      const [byKey] = await tx.query<RecordRow>(`SELECT * FROM member_erasures WHERE idempotency_key = $1`, [input.idempotencyKey]);
      if (byKey && byKey.member_hash !== memberHash) throw new ValidationError('idempotencyKey', 'was already used to erase another member');
      // Takes the member's lock the way the engine does (creating the row if needed), so an event in flight commits before or sees the record after.
      const created = await tx.query(`INSERT INTO profiles (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING RETURNING 1`, [input.userId]);
      await tx.query(`SELECT 1 FROM profiles WHERE user_id = $1 FOR UPDATE`, [input.userId]);
      const [inserted] = await tx.query<RecordRow>(
        `INSERT INTO member_erasures (member_hash, idempotency_key, reason, erased_by, rows_deleted) VALUES ($1, $2, $3, $4, '{}')
         ON CONFLICT (member_hash) DO NOTHING RETURNING *`,
        [memberHash, input.idempotencyKey, input.reason, input.erasedBy],
      );
      const rowsDeleted = await deleteMemberRows(tx, input.userId);
      // The profile this erasure created to take the lock is not the member's.
      rowsDeleted.profiles -= created.length;
      if (!inserted) {
        const [first] = await tx.query<RecordRow>(`SELECT * FROM member_erasures WHERE member_hash = $1`, [memberHash]);
        return { record: first, alreadyErased: true };
      }
      const [record] = await tx.query<RecordRow>(`UPDATE member_erasures SET rows_deleted = $2 WHERE member_hash = $1 RETURNING *`, [memberHash, JSON.stringify(rowsDeleted)]);
      return { record, alreadyErased: false };
    });
    let redisKeysChanged = 0;
    for (const step of this.afterCommit) redisKeysChanged += await step.erase(input.userId);
    return {
      erasedAt: new Date(record.erased_at),
      erasedBy: record.erased_by,
      reason: record.reason,
      rowsDeleted: record.rows_deleted,
      redisKeysChanged,
      alreadyErased,
    };
  }
}

async function deleteMemberRows(tx: SqlExecutor, userId: string): Promise<Record<string, number>> {
  for (const { table, column, parent, parentColumn } of DEPENDENT_MEMBER_TABLES) {
    await tx.query(`DELETE FROM ${table} WHERE ${column} IN (SELECT ${parentColumn} FROM ${parent} WHERE user_id = $1)`, [userId]);
  }
  const deleted: Record<string, number> = {};
  for (const { table } of MEMBER_DATA_TABLES) {
    const [{ n }] = await tx.query<{ n: string }>(`WITH gone AS (DELETE FROM ${table} WHERE user_id = $1 RETURNING 1) SELECT count(*) AS n FROM gone`, [userId]);
    deleted[table] = Number(n);
  }
  return deleted;
}

function validate(input: EraseMemberInput): void {
  if (input.reason.trim().length === 0 || input.reason.length > MAX_REASON_LENGTH) {
    throw new ValidationError('reason', `must be 1 to ${MAX_REASON_LENGTH} characters`);
  }
  if (input.idempotencyKey.length === 0 || input.idempotencyKey.length > MAX_KEY_LENGTH) {
    throw new ValidationError('idempotencyKey', `must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
}
