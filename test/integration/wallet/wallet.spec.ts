import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { PostgresEngineStore } from '../../../src/engine/store/postgres-engine-store';
import { CoinExpirySweep } from '../../../src/wallet/coin-expiry-sweep';
import { startTestApi } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';
import { CANCEL, login, redeem, stockLeft, walletOf } from './wallet-operations';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function rules(now: number): string {
  return `
levels: [0, 1000]
coins: { expireAfterDays: 30 }
rules:
  - { id: login, event: DAILY_LOGIN, points: 1, coins: 100 }
  - { id: shopper, event: REWARD_REDEEMED, points: 3 }
achievements:
  - { key: first-purchase, title: First purchase, event: REWARD_REDEEMED, points: 5, coins: 10 }
rewards:
  - { key: voucher, title: Pharmacy voucher, cost: 150, perMember: 2 }
  - { key: scarce, title: Scarce item, cost: 10, stock: 1 }
  - { key: ticket, title: Concert ticket, cost: 150, stock: 5 }
  - { key: later, title: Seasonal kit, cost: 10, availableFrom: ${iso(now + 10 * DAY)} }
  - { key: badge, title: Badge, achievement: first-purchase }
`;
}

const NOTIFICATIONS = `
  query($userId: ID!) { notifications(userId: $userId, limit: 100) {
    kind eventId payload { ... on WalletChanged { kind amount balance reward { key title cost } redemptionId expiresAt } } } }`;

describe('the wallet through GraphQL on PostgreSQL', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let admin: string;
  let service: string;
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase('wallet');
    // The background coin sweep stays out of the way: the test runs sweeps at chosen instants.
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(rules(now)), COIN_EXPIRY_SWEEP_INTERVAL_MS: '3600000' } });
    [admin, service] = await Promise.all([adminToken(), serviceToken()]);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  /** A member with `logins` × 100 coins. */
  const memberWith = async (logins: number) => {
    const userId = randomUUID();
    const token = await userToken(userId);
    for (let i = 0; i < logins; i++) await login(api.url, userId, token);
    return { userId, token };
  };
  const walletChanges = async (userId: string) =>
    (await graphql(api.url, NOTIFICATIONS, { userId }, admin)).data!.notifications.filter((n: { payload: object }) => 'amount' in n.payload);

  it('should credit coins beside points, say so in the event result, and explain them in the history', async () => {
    const { userId, token } = await memberWith(0);
    expect(await login(api.url, userId, token)).toMatchObject({ pointsAwarded: 1, coinsAwarded: 100, totalPoints: 1 });
    const wallet = await walletOf(api.url, userId, token);
    expect(wallet.balance).toBe(100);
    expect(wallet.history).toEqual([expect.objectContaining({ amount: 100, reason: 'EARNED', sourceType: 'rule', sourceKey: 'login' })]);
    expect(wallet.expiring).toHaveLength(1);
    expect(wallet.expiring[0].amount).toBe(100);
    expect(Date.parse(wallet.expiring[0].expiresAt) - now).toBeGreaterThanOrEqual(30 * DAY - 60_000);
    expect(Date.parse(wallet.expiring[0].expiresAt) - now).toBeLessThanOrEqual(30 * DAY + 60_000);
  });

  it('should redeem: debit the oldest coins, record REWARD_REDEEMED through the engine (its rules apply) and notify', async () => {
    const { userId, token } = await memberWith(2);
    const before = await walletOf(api.url, userId, token);
    const response = await redeem(api.url, token, { userId, rewardKey: 'voucher', idempotencyKey: 'order-1' });
    expect(response.errors).toBeUndefined();
    const redemption = response.data!.redeemReward;
    expect(redemption).toMatchObject({
      userId, idempotencyKey: 'order-1', reward: { key: 'voucher', title: 'Pharmacy voucher' }, cost: 150, status: 'REDEEMED',
      eventId: 'redemption:order-1', cancelledAt: null, duplicate: false,
    });

    const wallet = await walletOf(api.url, userId, token);
    // 200 - 150, then the REWARD_REDEEMED event unlocked first-purchase: +10.
    expect(wallet.balance).toBe(60);
    expect(wallet.history.slice(0, 2)).toEqual([
      expect.objectContaining({ amount: -150, reason: 'REDEEMED', sourceType: 'reward', sourceKey: 'voucher', eventId: 'redemption:order-1' }),
      expect.objectContaining({ amount: 10, reason: 'EARNED', sourceType: 'achievement', sourceKey: 'first-purchase', eventId: 'redemption:order-1' }),
    ]);
    // What is left of the older login's coins was spent first: the 50 left expire with the newer one.
    expect(wallet.expiring.reduce((sum, group) => sum + group.amount, 0)).toBe(60);
    expect(Date.parse(wallet.expiring[0].expiresAt)).toBeGreaterThan(Date.parse(before.expiring[0].expiresAt));
    expect(wallet.redemptions).toEqual([{ id: redemption.id, status: 'REDEEMED', cost: 150, reward: { key: 'voucher', title: 'Pharmacy voucher' } }]);

    const game = (await graphql(api.url, `query($u: ID!) { profile(userId: $u) { totalPoints } pointsHistory(userId: $u, limit: 10) { sourceKey points eventType } rewards(userId: $u) { reward { key } } }`, { u: userId }, token)).data!;
    expect(game.profile.totalPoints).toBe(2 + 3 + 5);
    expect(game.pointsHistory.filter((line: { eventType: string }) => line.eventType === 'REWARD_REDEEMED').map((line: { sourceKey: string }) => line.sourceKey).sort()).toEqual(['first-purchase', 'shopper']);
    expect(game.rewards).toEqual([{ reward: { key: 'badge' } }]);

    expect(await walletChanges(userId)).toEqual([{
      kind: 'REWARD_REDEEMED', eventId: 'redemption:order-1',
      payload: { kind: 'REWARD_REDEEMED', amount: -150, balance: 60, reward: { key: 'voucher', title: 'Pharmacy voucher', cost: 150 }, redemptionId: redemption.id, expiresAt: null },
    }]);
  });

  it('should leave REWARD_REDEEMED to the engine: a member may not send it', async () => {
    const { userId, token } = await memberWith(0);
    const sent = await graphql(api.url, `mutation($e: RecordEventInput!) { recordEvent(event: $e) { eventId } }`, {
      e: { type: 'REWARD_REDEEMED', userId, data: { rewardKey: 'voucher' } },
    }, token);
    expect(sent.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('should be idempotent by key: a repeat returns the first redemption and debits nothing more', async () => {
    const { userId, token } = await memberWith(2);
    const [first, second] = await Promise.all([
      redeem(api.url, token, { userId, rewardKey: 'voucher', idempotencyKey: 'same-key' }),
      redeem(api.url, token, { userId, rewardKey: 'voucher', idempotencyKey: 'same-key' }),
    ]);
    const results = [first.data!.redeemReward, second.data!.redeemReward];
    expect(results[0].id).toBe(results[1].id);
    expect(results.map((result) => result.duplicate).sort()).toEqual([false, true]);
    const wallet = await walletOf(api.url, userId, token);
    expect(wallet.balance).toBe(200 - 150 + 10);
    expect(wallet.redemptions).toHaveLength(1);
    expect(wallet.history.filter((line) => line.reason === 'REDEEMED')).toHaveLength(1);
  });

  it.each([
    ['INSUFFICIENT_COINS', 1, 'voucher'],
    ['NOT_AVAILABLE', 1, 'later'],
    ['NOT_AVAILABLE', 1, 'no-such-reward'],
    ['NOT_AVAILABLE', 1, 'badge'],
  ])('should refuse with %s (%s login(s), %s) and change nothing', async (code, logins, rewardKey) => {
    const { userId, token } = await memberWith(logins);
    const before = await walletOf(api.url, userId, token);
    const refused = await redeem(api.url, token, { userId, rewardKey });
    expect(refused.errors?.[0].extensions).toMatchObject({ code, category: 'BUSINESS_RULE' });
    expect(refused.data).toBeNull();
    expect(await walletOf(api.url, userId, token)).toEqual(before);
  });

  it('should refuse LIMIT_REACHED past the per-member limit, and OUT_OF_STOCK once the stock is gone', async () => {
    const { userId, token } = await memberWith(5);
    for (const key of ['a', 'b']) expect((await redeem(api.url, token, { userId, rewardKey: 'voucher', idempotencyKey: key })).errors).toBeUndefined();
    expect((await redeem(api.url, token, { userId, rewardKey: 'voucher' })).errors?.[0].extensions?.code).toBe('LIMIT_REACHED');

    expect(await stockLeft(api.url, token, 'scarce')).toBe(1);
    expect((await redeem(api.url, token, { userId, rewardKey: 'scarce' })).errors).toBeUndefined();
    expect(await stockLeft(api.url, token, 'scarce')).toBe(0);
    const other = await memberWith(1);
    expect((await redeem(api.url, other.token, { userId: other.userId, rewardKey: 'scarce' })).errors?.[0].extensions?.code).toBe('OUT_OF_STOCK');
    expect((await walletOf(api.url, other.userId, other.token)).balance).toBe(100);
  });

  it('should let the member itself or a service redeem, and only an admin or a service cancel', async () => {
    const { userId, token } = await memberWith(3);
    const stranger = await userToken(randomUUID());
    expect((await redeem(api.url, stranger, { userId, rewardKey: 'voucher' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await redeem(api.url, admin, { userId, rewardKey: 'voucher' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bought = await redeem(api.url, service, { userId, rewardKey: 'voucher' });
    expect(bought.errors).toBeUndefined();
    const input = { userId, redemptionId: bought.data!.redeemReward.id, reason: 'changed my mind' };
    expect((await graphql(api.url, CANCEL, { input }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api.url, `query($u: ID!) { wallet(userId: $u) { balance } }`, { u: userId }, stranger)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api.url, `query($u: ID!) { wallet(userId: $u) { balance } }`, { u: userId }, admin)).data!.wallet.balance).toBe(300 - 150 + 10);
  });

  it('should cancel: refund into the coins it came from, restock, notify; a second cancel changes nothing', async () => {
    const buyer = await memberWith(2);
    const earned = await walletOf(api.url, buyer.userId, buyer.token);
    const { data } = await redeem(api.url, buyer.token, { userId: buyer.userId, rewardKey: 'ticket' });
    const redemptionId = data!.redeemReward.id;
    const bought = await walletOf(api.url, buyer.userId, buyer.token);
    expect(await stockLeft(api.url, buyer.token, 'ticket')).toBe(4);

    const cancelled = await graphql(api.url, CANCEL, { input: { userId: buyer.userId, redemptionId, reason: 'out of delivery area' } }, admin);
    expect(cancelled.data!.cancelRedemption).toMatchObject({ id: redemptionId, status: 'CANCELLED', cost: 150, cancelReason: 'out of delivery area', duplicate: false });
    const again = await graphql(api.url, CANCEL, { input: { userId: buyer.userId, redemptionId, reason: 'twice' } }, service);
    expect(again.data!.cancelRedemption).toMatchObject({ status: 'CANCELLED', cancelReason: 'out of delivery area', duplicate: true });

    const after = await walletOf(api.url, buyer.userId, buyer.token);
    expect(after.balance).toBe(bought.balance + 150);
    expect(after.history[0]).toMatchObject({ amount: 150, reason: 'REFUNDED', sourceType: 'reward', sourceKey: 'ticket' });
    expect(after.history.filter((line) => line.reason === 'REFUNDED')).toHaveLength(1);
    expect(after.redemptions[0]).toMatchObject({ id: redemptionId, status: 'CANCELLED' });
    expect(await stockLeft(api.url, buyer.token, 'ticket')).toBe(5);
    // The refund went back into the older login's coins (spent first), so they expire when they would have.
    expect(after.expiring.reduce((sum, group) => sum + group.amount, 0)).toBe(after.balance);
    expect(after.expiring[0].expiresAt).toBe(earned.expiring[0].expiresAt);
    expect(bought.expiring[0].expiresAt).not.toBe(earned.expiring[0].expiresAt);
    expect((await walletChanges(buyer.userId)).map((n: { kind: string; payload: { amount: number } }) => `${n.kind} ${n.payload.amount}`)).toEqual([
      'REWARD_REDEEMED -150', 'REDEMPTION_CANCELLED 150',
    ]);
    const unknown = await graphql(api.url, CANCEL, { input: { userId: buyer.userId, redemptionId: randomUUID(), reason: 'none' } }, admin);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'redemptionId' });
  });

  it('should warn 7 days before coins expire, once, then expire what is left (oldest first) with an injected clock', async () => {
    const { userId, token } = await memberWith(2);
    await redeem(api.url, token, { userId, rewardKey: 'voucher' });
    const sweepAt = (at: number) =>
      new CoinExpirySweep(new PostgresEngineStore(api.runtime.database, (member) => api.runtime.keyring.erasureHash(member)), api.runtime.rules.current, {
        now: () => new Date(at),
      }).sweep();
    const { expiring } = await walletOf(api.url, userId, token);
    const expiresAt = Date.parse(expiring[0].expiresAt);

    await sweepAt(expiresAt - 8 * DAY);
    expect(await walletChanges(userId)).toHaveLength(1); // the redemption only
    expect(await sweepAt(expiresAt - 6 * DAY)).toBeGreaterThanOrEqual(1);
    await sweepAt(expiresAt - 5 * DAY);
    const warnings = (await walletChanges(userId)).filter((n: { kind: string }) => n.kind === 'COINS_EXPIRING');
    expect(warnings).toEqual([expect.objectContaining({ payload: expect.objectContaining({ amount: 60, balance: 60, expiresAt: expect.any(String) }) })]);
    expect(Date.parse(warnings[0].payload.expiresAt)).toBe(expiresAt);

    await sweepAt(expiresAt + 1000);
    const wallet = await walletOf(api.url, userId, token);
    expect(wallet.balance).toBe(0);
    expect(wallet.expiring).toEqual([]);
    expect(wallet.history[0]).toMatchObject({ amount: -60, reason: 'EXPIRED', sourceType: 'expiry' });
    expect((await walletChanges(userId)).map((n: { kind: string; payload: { amount: number; balance: number } }) => `${n.kind} ${n.payload.amount} ${n.payload.balance}`)).toEqual([
      'REWARD_REDEEMED -150 60', 'COINS_EXPIRING 60 60', 'COINS_EXPIRED -60 0',
    ]);
    await sweepAt(expiresAt + 2000);
    expect((await walletOf(api.url, userId, token)).history.filter((line) => line.reason === 'EXPIRED')).toHaveLength(1);
  });

  it('should export the coins ledger and redemptions, and erase them', async () => {
    const { userId, token } = await memberWith(2);
    await redeem(api.url, token, { userId, rewardKey: 'voucher' });
    const exported = (await graphql(api.url, `query($u: ID!) { exportMemberData(userId: $u) }`, { u: userId }, token)).data!.exportMemberData;
    expect(exported.sections.coins.map((row: { reason: string; amount: number }) => `${row.reason} ${row.amount}`)).toEqual(['EARNED 100', 'EARNED 100', 'EARNED 10', 'REDEEMED -150']);
    expect(exported.sections.redemptions).toEqual([expect.objectContaining({ user_id: userId, reward_key: 'voucher', cost: 150, status: 'REDEEMED' })]);
    expect(exported.sections.profile[0].coins).toBe(60);

    const erased = await graphql(api.url, `mutation($i: EraseMemberInput!) { eraseMember(input: $i) { rowsDeleted } }`, {
      i: { userId, reason: 'member request', idempotencyKey: `erase-${userId}` },
    }, admin);
    expect(erased.data!.eraseMember.rowsDeleted).toMatchObject({ coin_ledger: 4, redemptions: 1 });
    expect(await database.query(`SELECT 1 FROM coin_ledger WHERE user_id = $1 UNION ALL SELECT 1 FROM redemptions WHERE user_id = $1`, [userId])).toEqual([]);
    expect((await redeem(api.url, service, { userId, rewardKey: 'voucher' })).errors?.[0].extensions?.code).toBe('MEMBER_ERASED');
  });
});
