import type { RedemptionRefusal } from '../errors';
import type { CatalogueItem } from '../engine/rules/compiled-game';

/** What a redemption is decided on, read under the member's lock (and the item's stock row lock). */
export interface RedemptionContext {
  now: Date;
  /** The member's coins. */
  balance: number;
  /** Redemptions of this item the member holds (not cancelled). */
  held: number;
  /** Items left; null for an item without stock (unlimited). */
  stockLeft: number | null;
}

export interface Refusal {
  refusal: RedemptionRefusal;
  message: string;
}

/**
 * Whether a member may redeem a catalogue item now, and if not, why: outside its window
 * (NOT_AVAILABLE), none left (OUT_OF_STOCK), the member's limit reached (LIMIT_REACHED), or too
 * few coins (INSUFFICIENT_COINS), checked in that order. Null: redeem.
 */
export function refusalFor(item: CatalogueItem, { now, balance, held, stockLeft }: RedemptionContext): Refusal | null {
  if (item.availableFrom && now < item.availableFrom) {
    return { refusal: 'NOT_AVAILABLE', message: `"${item.key}" is available from ${item.availableFrom.toISOString()}` };
  }
  if (item.availableUntil && now >= item.availableUntil) {
    return { refusal: 'NOT_AVAILABLE', message: `"${item.key}" was available until ${item.availableUntil.toISOString()}` };
  }
  if (stockLeft !== null && stockLeft <= 0) return { refusal: 'OUT_OF_STOCK', message: `"${item.key}" is out of stock` };
  if (item.perMember !== undefined && held >= item.perMember) {
    return { refusal: 'LIMIT_REACHED', message: `"${item.key}" may be redeemed ${item.perMember} time(s) per member` };
  }
  if (balance < item.cost) return { refusal: 'INSUFFICIENT_COINS', message: `"${item.key}" costs ${item.cost} coins; the balance is ${balance}` };
  return null;
}
