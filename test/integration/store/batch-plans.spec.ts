import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../../src/platform/database';
import { PostgresEngineStore } from '../../../src/engine/store/postgres-engine-store';
import type { LoadRequest } from '../../../src/engine/store/engine-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(30_000);

interface PlanCount {
  name: string;
  generic_plans: string;
  custom_plans: string;
}

/**
 * A batch of events runs keyed lookups whose best plan does not depend on the ids it is given;
 * PostgreSQL planned two of them again at every execution (≈ 300 µs of its CPU per transaction,
 * as much as running them), so a batch's transaction plans its statements once per connection.
 */
describe('the engine store: how a batch transaction is planned', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let store: PostgresEngineStore;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('batch_plans');
    // One connection: the statements prepared by the batches below are the ones the last query sees.
    database = await openDatabase({ url: testDatabase.url, poolSize: 1 });
    await database.runMigrations();
    store = new PostgresEngineStore(database, (userId) => `hash-of-${userId}`);
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  const planCacheMode = async (options?: { genericPlans: boolean }) =>
    (await database.transaction((tx) => tx.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'), options))[0].plan_cache_mode;

  it('should plan generically only inside a transaction that asks for it, and only for its length', async () => {
    expect(await planCacheMode({ genericPlans: true })).toBe('force_generic_plan');
    expect(await planCacheMode()).toBe('auto');
    expect(await planCacheMode({ genericPlans: false })).toBe('auto');
  });

  it("should never plan a batch's lookups again after the first time, whatever ids they are given", async () => {
    for (let batch = 0; batch < 8; batch++) {
      const userIds = Array.from({ length: batch + 1 }, () => randomUUID());
      const request: LoadRequest = {
        userIds,
        eventKeys: userIds.map((userId) => ({ userId, eventId: randomUUID() })),
        ruleUsageKeys: () => ({ userIds: [], keys: [] }),
        achievementKeys: { userIds: [userIds[0]], keys: ['first-steps'] },
        questKeys: { userIds: [], keys: [] },
        streakKeys: { userIds: [], keys: [] },
        initialLevel: 1,
      };
      await store.batchTransaction((session) => session.load(request));
    }
    const plans = await database.transaction((tx) =>
      tx.query<PlanCount>(`SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name IN ('engine-lock-profiles', 'engine-load-progress') ORDER BY name`),
    );
    expect(plans.map(({ name, generic_plans, custom_plans }) => ({ name, generic: Number(generic_plans), custom: Number(custom_plans) }))).toEqual([
      { name: 'engine-load-progress', generic: 8, custom: 0 },
      { name: 'engine-lock-profiles', generic: 8, custom: 0 },
    ]);
  });
});
