import type { CatalogueItem } from '../../../src/engine/rules/compiled-game';
import { expiryDue, spendOldestFirst, type CoinLot } from '../../../src/wallet/coin-lots';
import { refusalFor, type RedemptionContext } from '../../../src/wallet/redemption-decision';

const item: CatalogueItem = {
  key: 'gym-month', title: 'Gym month', cost: 100, stock: 5, perMember: 2,
  availableFrom: new Date('2027-02-01T00:00:00Z'), availableUntil: new Date('2027-03-01T00:00:00Z'),
};
const open: RedemptionContext = { now: new Date('2027-02-10T00:00:00Z'), balance: 100, held: 0, stockLeft: 5 };

describe('deciding a redemption', () => {
  it.each<[string, CatalogueItem, Partial<RedemptionContext>, string | null]>([
    ['enough coins, stock and room under the limit', item, {}, null],
    ['exactly the cost', item, { balance: 100 }, null],
    ['one coin short', item, { balance: 99 }, 'INSUFFICIENT_COINS'],
    ['an empty stock', item, { stockLeft: 0 }, 'OUT_OF_STOCK'],
    ['a stock overdrawn by a lowered file', item, { stockLeft: -3 }, 'OUT_OF_STOCK'],
    ['an item without stock', { ...item, stock: undefined }, { stockLeft: null }, null],
    ['the member at the limit', item, { held: 2 }, 'LIMIT_REACHED'],
    ['an item without a limit', { ...item, perMember: undefined }, { held: 50 }, null],
    ['before the window', item, { now: new Date('2027-01-31T23:59:59Z') }, 'NOT_AVAILABLE'],
    ['at the window’s first instant', item, { now: new Date('2027-02-01T00:00:00Z') }, null],
    ['at the window’s end (exclusive)', item, { now: new Date('2027-03-01T00:00:00Z') }, 'NOT_AVAILABLE'],
    ['an item always on offer', { ...item, availableFrom: undefined, availableUntil: undefined }, { now: new Date('2030-01-01T00:00:00Z') }, null],
    ['out of the window and of stock: the window first', item, { now: new Date('2028-01-01T00:00:00Z'), stockLeft: 0 }, 'NOT_AVAILABLE'],
    ['out of stock and too poor: stock first', item, { stockLeft: 0, balance: 0 }, 'OUT_OF_STOCK'],
    ['at the limit and too poor: the limit first', item, { held: 2, balance: 0 }, 'LIMIT_REACHED'],
  ])('%s', (_name, catalogueItem, context, expected) => {
    expect(refusalFor(catalogueItem, { ...open, ...context })?.refusal ?? null).toBe(expected);
  });
});

const lot = (id: string, remaining: number, expiresAt: string | null, warned = false): CoinLot => ({
  id, remaining, expiresAt: expiresAt === null ? null : new Date(expiresAt), warned,
});

describe('spending the oldest coins first', () => {
  it.each<[string, CoinLot[], number, { id: string; amount: number }[]]>([
    ['from one lot', [lot('1', 50, null)], 30, [{ id: '1', amount: 30 }]],
    ['across lots in the order earned', [lot('1', 10, null), lot('2', 50, null)], 30, [{ id: '1', amount: 10 }, { id: '2', amount: 20 }]],
    ['the soonest to expire first', [lot('1', 50, '2027-06-01T00:00:00Z'), lot('2', 50, '2027-03-01T00:00:00Z')], 60, [{ id: '2', amount: 50 }, { id: '1', amount: 10 }]],
    ['never-expiring coins last', [lot('1', 50, null), lot('2', 50, '2027-03-01T00:00:00Z')], 60, [{ id: '2', amount: 50 }, { id: '1', amount: 10 }]],
    ['everything', [lot('1', 10, null), lot('2', 5, null)], 15, [{ id: '1', amount: 10 }, { id: '2', amount: 5 }]],
  ])('%s', (_name, lots, amount, expected) => {
    expect(spendOldestFirst(lots, amount)).toEqual(expected);
  });

  it('should refuse to spend more than the lots hold (the balance and the lots disagree)', () => {
    expect(() => spendOldestFirst([lot('1', 10, null)], 11)).toThrow('the coin lots hold 10 coins, 11 needed');
  });
});

describe('what the expiry sweep does', () => {
  const now = new Date('2027-03-01T00:00:00Z');
  it.each<[string, CoinLot[], { expired: string[]; warn: string[]; warnExpiresAt: string | null }]>([
    ['nothing: no expiry date', [lot('1', 10, null)], { expired: [], warn: [], warnExpiresAt: null }],
    ['nothing: more than 7 days ahead', [lot('1', 10, '2027-03-08T00:00:01Z')], { expired: [], warn: [], warnExpiresAt: null }],
    ['warn: exactly 7 days ahead', [lot('1', 10, '2027-03-08T00:00:00Z')], { expired: [], warn: ['1:10'], warnExpiresAt: '2027-03-08T00:00:00.000Z' }],
    ['warn once: already warned', [lot('1', 10, '2027-03-05T00:00:00Z', true)], { expired: [], warn: [], warnExpiresAt: null }],
    ['expire: at its instant', [lot('1', 10, '2027-03-01T00:00:00Z', true)], { expired: ['1:10'], warn: [], warnExpiresAt: null }],
    ['expire what is left, warn the rest, the earliest date named', [
      lot('1', 4, '2027-02-20T00:00:00Z'), lot('2', 10, '2027-03-06T00:00:00Z'), lot('3', 5, '2027-03-03T00:00:00Z'),
    ], { expired: ['1:4'], warn: ['2:10', '3:5'], warnExpiresAt: '2027-03-03T00:00:00.000Z' }],
  ])('%s', (_name, lots, expected) => {
    const due = expiryDue(lots, now);
    expect({
      expired: due.expired.map((share) => `${share.id}:${share.amount}`),
      warn: due.warn.map((share) => `${share.id}:${share.amount}`),
      warnExpiresAt: due.warnExpiresAt?.toISOString() ?? null,
    }).toEqual(expected);
  });
});
