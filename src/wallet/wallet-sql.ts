import type { SqlExecutor } from '../platform/database';
import type { CoinLot, LotShare } from './coin-lots';

export type RedemptionStatus = 'REDEEMED' | 'CANCELLED';

/** A redemption as stored. */
export interface RedemptionRecord {
  id: string;
  userId: string;
  idempotencyKey: string;
  rewardKey: string;
  cost: number;
  status: RedemptionStatus;
  spentLots: LotShare[];
  eventId: string;
  redeemedAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

interface RedemptionRow {
  id: string;
  user_id: string;
  idempotency_key: string;
  reward_key: string;
  cost: number;
  status: RedemptionStatus;
  spent_lots: LotShare[];
  event_id: string;
  redeemed_at: string | Date;
  cancelled_at: string | Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

const REDEMPTION_COLUMNS = 'id, user_id, idempotency_key, reward_key, cost, status, spent_lots, event_id, redeemed_at, cancelled_at, cancelled_by, cancel_reason';

export function toRedemptionRecord(row: RedemptionRow): RedemptionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    rewardKey: row.reward_key,
    cost: row.cost,
    status: row.status,
    spentLots: row.spent_lots,
    eventId: row.event_id,
    redeemedAt: new Date(row.redeemed_at),
    cancelledAt: row.cancelled_at === null ? null : new Date(row.cancelled_at),
    cancelledBy: row.cancelled_by,
    cancelReason: row.cancel_reason,
  };
}

/**
 * The wallet's statements inside a transaction that already holds the member's lock (the profile
 * row the engine locks): every change of a member's coins, lots and redemptions runs under it, so
 * they serialise per member. A catalogue item's stock row is locked after the member's, always in
 * that order, so redemptions never deadlock.
 */
export class WalletSql {
  constructor(private readonly tx: SqlExecutor) {}

  async redemptionByKey(userId: string, idempotencyKey: string): Promise<RedemptionRecord | null> {
    const [row] = await this.tx.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemptions WHERE user_id = $1 AND idempotency_key = $2`, [userId, idempotencyKey]);
    return row ? toRedemptionRecord(row) : null;
  }

  async redemptionById(userId: string, id: string): Promise<RedemptionRecord | null> {
    const [row] = await this.tx.query<RedemptionRow>(`SELECT ${REDEMPTION_COLUMNS} FROM redemptions WHERE user_id = $1 AND id = $2`, [userId, id]);
    return row ? toRedemptionRecord(row) : null;
  }

  /** Redemptions of an item the member holds (not cancelled). */
  async held(userId: string, rewardKey: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM redemptions WHERE user_id = $1 AND reward_key = $2 AND status = 'REDEEMED'`, [
      userId,
      rewardKey,
    ]);
    return row.n;
  }

  /** Locks the item's stock row (waiting for a concurrent redemption of it to end) and returns what is left. */
  async lockStock(rewardKey: string): Promise<number> {
    const [row] = await this.tx.query<{ left: number }>(`SELECT stock - redeemed AS left FROM reward_stock WHERE reward_key = $1 FOR UPDATE`, [rewardKey]);
    return row?.left ?? 0;
  }

  /** Takes one item; false when none is left (the update's condition keeps `redeemed` at most `stock`). */
  async takeStock(rewardKey: string): Promise<boolean> {
    const rows = await this.tx.query(`UPDATE reward_stock SET redeemed = redeemed + 1 WHERE reward_key = $1 AND redeemed < stock RETURNING 1`, [rewardKey]);
    return rows.length === 1;
  }

  /** Puts one item back (a cancelled redemption), if the item keeps stock. */
  async returnStock(rewardKey: string): Promise<void> {
    await this.tx.query(`UPDATE reward_stock SET redeemed = redeemed - 1 WHERE reward_key = $1 AND redeemed > 0`, [rewardKey]);
  }

  /** The member's credits with coins left, in the order they were earned. */
  async openLots(userId: string): Promise<CoinLot[]> {
    const rows = await this.tx.query<{ id: string; remaining: number; expires_at: string | Date | null; expiry_warned_at: string | Date | null }>(
      `SELECT id::text AS id, remaining, expires_at, expiry_warned_at FROM coin_ledger WHERE user_id = $1 AND remaining > 0 ORDER BY id`,
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      remaining: row.remaining,
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      warned: row.expiry_warned_at !== null,
    }));
  }

  /** Takes (`sign` -1) or gives back (+1) coins of the member's lots. */
  async moveLots(userId: string, shares: readonly LotShare[], sign: 1 | -1): Promise<void> {
    if (shares.length === 0) return;
    await this.tx.query(
      `UPDATE coin_ledger c SET remaining = c.remaining + $4 * x.amount
       FROM unnest($2::bigint[], $3::integer[]) AS x(id, amount) WHERE c.user_id = $1 AND c.id = x.id`,
      [userId, shares.map((share) => share.id), shares.map((share) => share.amount), sign],
    );
  }

  async insertRedemption(record: RedemptionRecord): Promise<void> {
    await this.tx.query(
      `INSERT INTO redemptions (user_id, id, idempotency_key, reward_key, cost, status, spent_lots, event_id, redeemed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [
        record.userId,
        record.id,
        record.idempotencyKey,
        record.rewardKey,
        record.cost,
        record.status,
        JSON.stringify(record.spentLots),
        record.eventId,
        record.redeemedAt.toISOString(),
      ],
    );
  }

  async markCancelled(record: RedemptionRecord): Promise<void> {
    await this.tx.query(`UPDATE redemptions SET status = 'CANCELLED', cancelled_at = $3, cancelled_by = $4, cancel_reason = $5 WHERE user_id = $1 AND id = $2`, [
      record.userId,
      record.id,
      record.cancelledAt!.toISOString(),
      record.cancelledBy,
      record.cancelReason,
    ]);
  }
}
