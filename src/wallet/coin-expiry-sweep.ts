import { classifyError } from '../errors';
import { levelFor } from '../engine/game/levels';
import type { GameSource } from '../engine/gamification-engine';
import { NotificationKind, type PendingNotification } from '../engine/notifications/notification';
import { lockOnlyRequest, noMemberEffects, type CoinLedgerLine } from '../engine/store/engine-store';
import type { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import { EXPIRY_WARNING_MS, expiryDue, sumOf, type CoinLot, type LotShare } from './coin-lots';
import { walletNotification } from './wallet-notifications';

/** Members a sweep round looks at, at most. */
export const COIN_SWEEP_BATCH = 500;

/** The transaction advisory lock one coin sweep round holds, so a single process sweeps at a time. */
export const COIN_EXPIRY_SWEEP_LOCK_KEY = 4_000_000_015;

/**
 * Expires coins past their date (`coins.expireAfterDays` in the rules file) and tells members 7
 * days ahead. One round is one transaction under an advisory lock (others skip the round): it
 * picks members with lots due, locks them as every change of a member does, expires their lots
 * (balance and lots go down together; a COINS_EXPIRED notification and an EXPIRED ledger line)
 * and marks the lots it warned about (one COINS_EXPIRING notification per member and round).
 */
export class CoinExpirySweep {
  constructor(
    private readonly store: PostgresEngineStore,
    private readonly game: GameSource,
    private readonly options: { now?: () => Date } = {},
  ) {}

  /** One round; returns how many members it looked at (0 when another process holds the sweep or nothing is due). */
  async sweep(): Promise<number> {
    try {
      return await this.store.transactionWithSql(async (session, tx) => {
        const now = this.options.now?.() ?? new Date();
        const warnUntil = new Date(now.getTime() + EXPIRY_WARNING_MS);
        const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [COIN_EXPIRY_SWEEP_LOCK_KEY]);
        if (!lock.locked) return 0;
        const due = await tx.query<{ user_id: string }>(
          `SELECT DISTINCT user_id FROM (
             SELECT user_id FROM coin_ledger WHERE remaining > 0 AND expires_at <= $1 AND (expires_at <= $2 OR expiry_warned_at IS NULL)
             ORDER BY expires_at LIMIT $3) AS lots`,
          [warnUntil.toISOString(), now.toISOString(), COIN_SWEEP_BATCH],
        );
        if (due.length === 0) return 0;
        const { states } = await session.load(
          lockOnlyRequest(
            due.map((row) => row.user_id),
            levelFor(0, this.game().levels),
          ),
        );
        const lots = await tx.query<{ user_id: string; id: string; remaining: number; expires_at: string | Date; expiry_warned_at: string | Date | null }>(
          `SELECT user_id, id::text AS id, remaining, expires_at, expiry_warned_at FROM coin_ledger
           WHERE user_id = ANY($1::uuid[]) AND remaining > 0 AND expires_at <= $2 ORDER BY user_id, id`,
          [[...states.keys()], warnUntil.toISOString()],
        );
        const lotsByUser = new Map<string, CoinLot[]>();
        for (const row of lots) {
          const lot = { id: row.id, remaining: row.remaining, expiresAt: new Date(row.expires_at), warned: row.expiry_warned_at !== null };
          lotsByUser.set(row.user_id, [...(lotsByUser.get(row.user_id) ?? []), lot]);
        }
        const expired: LotShare[] = [];
        const warned: LotShare[] = [];
        const eventId = `coin-expiry:${now.toISOString()}`;
        for (const [userId, memberLots] of lotsByUser) {
          const member = states.get(userId)!;
          const dueNow = expiryDue(memberLots, now);
          const amount = sumOf(dueNow.expired);
          member.coins -= amount;
          const coins: CoinLedgerLine[] = [];
          const notifications: PendingNotification[] = [];
          if (amount > 0) {
            coins.push({ eventId, amount: -amount, reason: 'EXPIRED', sourceType: 'expiry', sourceKey: 'coins.expireAfterDays', remaining: 0, expiresAt: null });
            notifications.push(
              walletNotification(
                NotificationKind.COINS_EXPIRED,
                userId,
                eventId,
                { amount: -amount, balance: member.coins, reward: null, redemptionId: null, expiresAt: null },
                now,
              ),
            );
          }
          if (dueNow.warn.length > 0) {
            notifications.push(
              walletNotification(
                NotificationKind.COINS_EXPIRING,
                userId,
                eventId,
                {
                  amount: sumOf(dueNow.warn),
                  balance: member.coins,
                  reward: null,
                  redemptionId: null,
                  expiresAt: dueNow.warnExpiresAt!.toISOString(),
                },
                now,
              ),
            );
          }
          expired.push(...dueNow.expired);
          warned.push(...dueNow.warn, ...dueNow.expired);
          await session.persistMember({ ...noMemberEffects(member, now), totals: amount > 0, coins, notifications });
        }
        await tx.query(
          `UPDATE coin_ledger SET remaining = CASE WHEN id = ANY($2::bigint[]) THEN 0 ELSE remaining END, expiry_warned_at = coalesce(expiry_warned_at, $3)
           WHERE user_id = ANY($1::uuid[]) AND id = ANY($4::bigint[])`,
          [[...lotsByUser.keys()], expired.map((lot) => lot.id), now.toISOString(), warned.map((lot) => lot.id)],
        );
        return due.length;
      });
    } catch (error) {
      throw classifyError(error);
    }
  }
}
