import { randomUUID } from 'node:crypto';
import { spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, userToken } from '../../support/tokens';
import { login, redeem, stockLeft, walletOf } from './wallet-operations';

jest.setTimeout(120_000);

const RULES = `
levels: [0]
rules:
  - { id: login, event: DAILY_LOGIN, points: 1, coins: 100 }
rewards:
  - { key: last-items, title: The last items, cost: 100, stock: 12 }
`;

/**
 * The race: 50 redemptions of the last 10 items at once, spread over TWO API processes
 * on one PostgreSQL. 40 members can pay for one each; one more member can pay for two and asks
 * ten times (distinct keys), so both stock and balance are contended.
 */
describe('redemptions racing over two API processes', () => {
  let database: TestDatabase;
  let nodes: (SpawnedProcess & { url: string })[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('wallet_race');
    const env = { DATABASE_URL: database.url, RULES_FILE: writeRulesFile(RULES), RECORD_EVENT_RATE_LIMIT: '0' };
    nodes = [await spawnApi(env), await spawnApi(env)];
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
  });

  it('should let exactly 10 of 50 succeed, leave the stock at 0 and no balance below 0', async () => {
    const [a, b] = nodes;
    const members = await Promise.all(Array.from({ length: 43 }, async () => {
      const userId = randomUUID();
      return { userId, token: await userToken(userId) };
    }));
    const [firstBuyer, secondBuyer, twice, ...singles] = members;
    for (const member of [firstBuyer, secondBuyer, ...singles]) await login(a.url, member.userId, member.token);
    await login(a.url, twice.userId, twice.token);
    await login(b.url, twice.userId, twice.token);
    // Two items go first: the race is for the last 10.
    for (const member of [firstBuyer, secondBuyer]) expect((await redeem(a.url, member.token, { userId: member.userId, rewardKey: 'last-items' })).errors).toBeUndefined();
    expect(await stockLeft(b.url, firstBuyer.token, 'last-items')).toBe(10);

    const requests = [...singles, ...Array.from({ length: 10 }, () => twice)];
    expect(requests).toHaveLength(50);
    const outcomes = await Promise.all(
      requests.map((member, index) => redeem(index % 2 === 0 ? a.url : b.url, member.token, { userId: member.userId, rewardKey: 'last-items' })),
    );

    const succeeded = outcomes.filter((outcome) => !outcome.errors);
    expect(succeeded).toHaveLength(10);
    const refusals = outcomes.flatMap((outcome, index) => (outcome.errors ? [`${requests[index] === twice ? 'twice' : 'single'} ${outcome.errors[0].extensions?.code}`] : []));
    expect(new Set(refusals)).toEqual(new Set(refusals.filter((refusal) => ['single OUT_OF_STOCK', 'twice OUT_OF_STOCK', 'twice INSUFFICIENT_COINS'].includes(refusal))));
    expect(await stockLeft(a.url, firstBuyer.token, 'last-items')).toBe(0);
    expect(await stockLeft(b.url, firstBuyer.token, 'last-items')).toBe(0);

    const admin = await adminToken();
    const wins = new Map<string, number>();
    for (const outcome of succeeded) wins.set(outcome.data!.redeemReward.userId, (wins.get(outcome.data!.redeemReward.userId) ?? 0) + 1);
    expect(wins.get(twice.userId) ?? 0).toBeLessThanOrEqual(2);
    for (const member of [twice, ...singles]) {
      const wallet = await walletOf(a.url, member.userId, admin);
      const earned = member === twice ? 200 : 100;
      expect({ member: member.userId, balance: wallet.balance }).toEqual({ member: member.userId, balance: earned - 100 * (wins.get(member.userId) ?? 0) });
      expect(wallet.redemptions).toHaveLength(wins.get(member.userId) ?? 0);
    }
    const [{ negative }] = await database.query<{ negative: number }>(`SELECT count(*)::int AS negative FROM profiles WHERE coins < 0`);
    expect(negative).toBe(0);
  });
});
