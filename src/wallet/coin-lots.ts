import { InternalError } from '../errors';

/** What is left of one credit of coins. */
export interface CoinLot {
  id: string;
  remaining: number;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** The member was told these coins are about to expire. */
  warned: boolean;
}

/** Coins taken out of one lot. */
export interface LotShare {
  id: string;
  amount: number;
}

/** How long before coins expire the member is told (COINS_EXPIRING). */
export const EXPIRY_WARNING_MS = 7 * 86_400_000;

/**
 * Takes `amount` coins out of a member's lots, the oldest coins first: the soonest to expire,
 * then those that never expire, each group in the order they were earned (`lots` come in id
 * order). Returns what is taken from each lot; throws when the lots hold less (the balance and
 * the lots disagree, which the store's invariant forbids).
 */
export function spendOldestFirst(lots: readonly CoinLot[], amount: number): LotShare[] {
  const ordered = [...lots].sort((a, b) => expiryOrder(a) - expiryOrder(b));
  const shares: LotShare[] = [];
  let left = amount;
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    shares.push({ id: lot.id, amount: take });
    left -= take;
  }
  if (left > 0) throw new InternalError(`the coin lots hold ${amount - left} coins, ${amount} needed`);
  return shares;
}

function expiryOrder(lot: CoinLot): number {
  return lot.expiresAt === null ? Number.POSITIVE_INFINITY : lot.expiresAt.getTime();
}

/** What the expiry sweep does to one member's lots at `now`. */
export interface ExpiryDue {
  /** Lots past their date: their remaining coins expire. */
  expired: LotShare[];
  /** Lots expiring within the warning window that the member has not been told about. */
  warn: LotShare[];
  /** The earliest expiry among `warn`. */
  warnExpiresAt: Date | null;
}

export function expiryDue(lots: readonly CoinLot[], now: Date, warningMs = EXPIRY_WARNING_MS): ExpiryDue {
  const due: ExpiryDue = { expired: [], warn: [], warnExpiresAt: null };
  for (const lot of lots) {
    if (lot.expiresAt === null || lot.remaining <= 0) continue;
    if (lot.expiresAt <= now) due.expired.push({ id: lot.id, amount: lot.remaining });
    else if (!lot.warned && lot.expiresAt.getTime() - now.getTime() <= warningMs) {
      due.warn.push({ id: lot.id, amount: lot.remaining });
      if (due.warnExpiresAt === null || lot.expiresAt < due.warnExpiresAt) due.warnExpiresAt = lot.expiresAt;
    }
  }
  return due;
}

export function sumOf(shares: readonly LotShare[]): number {
  return shares.reduce((sum, share) => sum + share.amount, 0);
}
