import type { GameSource } from '../engine/gamification-engine';
import type { CatalogueItem } from '../engine/rules/compiled-game';
import type { CoinMovementReason } from '../engine/store/engine-store';
import type { SqlExecutor } from '../platform/database';
import { toRedemptionRecord, type RedemptionRecord } from './wallet-sql';

export interface ExpiringCoins {
  amount: number;
  /** The earliest expiry of these coins (grouped by UTC day). */
  expiresAt: Date;
}

export interface CoinMovement {
  amount: number;
  reason: CoinMovementReason;
  sourceType: string;
  sourceKey: string;
  eventId: string;
  createdAt: Date;
}

export interface CatalogueEntry {
  item: CatalogueItem;
  /** Items left; null: unlimited. */
  stockLeft: number | null;
  /** Inside its availability window now. */
  available: boolean;
}

/** What a member (or an admin) reads of a wallet, and the catalogue anyone signed in reads. */
export class WalletReads {
  constructor(
    private readonly database: SqlExecutor,
    private readonly game: GameSource,
    private readonly options: { now?: () => Date } = {},
  ) {}

  async balance(userId: string): Promise<number> {
    const [row] = await this.database.query<{ coins: number }>(`SELECT coins FROM profiles WHERE user_id = $1`, [userId]);
    return row?.coins ?? 0;
  }

  /** Coins with an expiry date still unspent, by the day they expire, soonest first. */
  async expiring(userId: string, limit = 30): Promise<ExpiringCoins[]> {
    const rows = await this.database.query<{ amount: number; expires_at: string | Date }>(
      `SELECT sum(remaining)::int AS amount, min(expires_at) AS expires_at FROM coin_ledger
       WHERE user_id = $1 AND remaining > 0 AND expires_at IS NOT NULL
       GROUP BY date_trunc('day', expires_at AT TIME ZONE 'UTC') ORDER BY 2 LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({ amount: row.amount, expiresAt: new Date(row.expires_at) }));
  }

  /** The coins ledger, newest first. */
  async history(userId: string, limit: number): Promise<CoinMovement[]> {
    const rows = await this.database.query<{ amount: number; reason: CoinMovementReason; source_type: string; source_key: string; event_id: string; created_at: string | Date }>(
      `SELECT amount, reason, source_type, source_key, event_id, created_at FROM coin_ledger WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({
      amount: row.amount,
      reason: row.reason,
      sourceType: row.source_type,
      sourceKey: row.source_key,
      eventId: row.event_id,
      createdAt: new Date(row.created_at),
    }));
  }

  /** The member's redemptions, newest first. */
  async redemptions(userId: string, limit: number): Promise<RedemptionRecord[]> {
    const rows = await this.database.query<Parameters<typeof toRedemptionRecord>[0]>(
      `SELECT id, user_id, idempotency_key, reward_key, cost, status, spent_lots, event_id, redeemed_at, cancelled_at, cancelled_by, cancel_reason
       FROM redemptions WHERE user_id = $1 ORDER BY redeemed_at DESC, id LIMIT $2`,
      [userId, limit],
    );
    return rows.map(toRedemptionRecord);
  }

  /** Every catalogue item in file order, with what is left of its stock. */
  async catalogue(): Promise<CatalogueEntry[]> {
    const items = [...this.game().catalogue.values()];
    const stocked = items.filter((item) => item.stock !== undefined).map((item) => item.key);
    const rows =
      stocked.length === 0
        ? []
        : await this.database.query<{ reward_key: string; left: number }>(
            `SELECT reward_key, greatest(stock - redeemed, 0) AS left FROM reward_stock WHERE reward_key = ANY($1::text[])`,
            [stocked],
          );
    const left = new Map(rows.map((row) => [row.reward_key, row.left]));
    const now = this.options.now?.() ?? new Date();
    return items.map((item) => ({
      item,
      stockLeft: item.stock === undefined ? null : (left.get(item.key) ?? item.stock),
      available: (!item.availableFrom || now >= item.availableFrom) && (!item.availableUntil || now < item.availableUntil),
    }));
  }
}
