import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../../src/platform/database';
import { PostgresEngineStore } from '../../../src/engine/store/postgres-engine-store';
import type { LoadRequest } from '../../../src/engine/store/engine-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(30_000);

const NO_KEYS = { userIds: [], keys: [] };
const loadOf = (userIds: string[]): LoadRequest => ({
  userIds,
  eventKeys: [],
  ruleUsageKeys: () => NO_KEYS,
  achievementKeys: NO_KEYS,
  questKeys: NO_KEYS,
  streakKeys: NO_KEYS,
  initialLevel: 1,
});

/** A promise and the function that settles it, to hold a transaction open until the test says so. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the engine store: creating and locking profiles', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let store: PostgresEngineStore;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('profile_locking');
    database = await openDatabase({ url: testDatabase.url, poolSize: 4 });
    await database.runMigrations();
    store = new PostgresEngineStore(database, (userId) => `hash-of-${userId}`);
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('should create missing profiles at the initial level and load existing ones with their points', async () => {
    const [known, fresh] = [randomUUID(), randomUUID()];
    await testDatabase.query(`INSERT INTO profiles (user_id, total_points, level, points_reached_at) VALUES ($1, 120, 2, '2026-03-01T10:00:00Z')`, [known]);
    const loaded = await store.transaction((session) => session.load(loadOf([fresh, known])));
    expect([...loaded.states.values()].map(({ userId, totalPoints, level, pointsReachedAt }) => ({ userId, totalPoints, level, pointsReachedAt }))).toEqual(
      expect.arrayContaining([
        { userId: known, totalPoints: 120, level: 2, pointsReachedAt: new Date('2026-03-01T10:00:00Z') },
        { userId: fresh, totalPoints: 0, level: 1, pointsReachedAt: null },
      ]),
    );
    expect(loaded.states.size).toBe(2);
    expect(await testDatabase.query(`SELECT user_id FROM profiles WHERE user_id = $1`, [fresh])).toHaveLength(1);
  });

  it('should lock and load a profile another batch created while this one waited for it', async () => {
    const member = randomUUID();
    const creatorHolds = gate();
    const creatorInserted = gate();
    // Another batch creates the profile (with points) and keeps its transaction open.
    const creator = database.transaction(async (tx) => {
      await tx.query(`INSERT INTO profiles (user_id, total_points, level) VALUES ($1, 40, 2)`, [member]);
      creatorInserted.open();
      await creatorHolds.opened;
    });
    await creatorInserted.opened;
    // This batch's insert waits on the uncommitted row; its snapshot predates the commit.
    const second = store.transaction((session) => session.load(loadOf([member])));
    await waitUntilBlocked(testDatabase, 1);
    creatorHolds.open();
    await creator;
    const loaded = await second;
    expect(loaded.states.get(member)).toMatchObject({ userId: member, totalPoints: 40, level: 2 });
  });

  it('should lock known and first-time members in one order whatever order batches name them in (no deadlock)', async () => {
    const known = [randomUUID(), randomUUID()];
    const fresh = [randomUUID(), randomUUID()];
    await testDatabase.query(`INSERT INTO profiles (user_id) SELECT unnest($1::uuid[])`, [known]);
    const firstHolds = gate();
    const firstLoaded = gate();
    const first = store.transaction(async (session) => {
      await session.load(loadOf([fresh[1], known[1], fresh[0], known[0]]));
      firstLoaded.open();
      await firstHolds.opened;
    });
    await firstLoaded.opened;
    // The same members named the other way round: this batch waits for the first at its first lock and takes none out of order.
    const second = store.transaction((session) => session.load(loadOf([known[0], fresh[0], known[1], fresh[1]])));
    await waitUntilBlocked(testDatabase, 1);
    firstHolds.open();
    await first;
    const loaded = await second;
    expect([...loaded.states.keys()].sort()).toEqual([...known, ...fresh].sort());
    expect(await testDatabase.query(`SELECT user_id FROM profiles WHERE user_id = ANY($1::uuid[])`, [fresh])).toHaveLength(2);
  });
});

/** Resolves once `count` sessions of the test database wait on a lock. */
async function waitUntilBlocked(database: TestDatabase, count: number): Promise<void> {
  await eventually(
    async () => {
      const [row] = await database.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return Number(row.n) >= count;
    },
    5_000,
    25,
  );
}
