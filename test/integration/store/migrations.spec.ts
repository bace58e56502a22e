import { randomUUID } from 'node:crypto';
import { InitialSchema1764150000000 } from '../../../src/entities/migrations/1764150000000-initial-schema';
import { OutboxPendingQueue1764200000000 } from '../../../src/entities/migrations/1764200000000-outbox-pending-queue';
import { RuleVersions1796093417529 } from '../../../src/entities/migrations/1796093417529-rule-versions';
import { MonthPartitions1796096000000 } from '../../../src/entities/migrations/1796096000000-month-partitions';
import { UnstoredEvents1796100000000 } from '../../../src/entities/migrations/1796100000000-unstored-events';
import { MIGRATIONS } from '../../../src/entities/migrations';
import { openDatabase, type Database } from '../../../src/platform/database';
import { spawnMain } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('migrations', () => {
  let testDatabase: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('migrations');
    database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('should apply every migration on an empty database, then have none pending', async () => {
    const applied = await database.runMigrations();
    expect(applied.length).toBeGreaterThan(0);
    expect(await database.runMigrations()).toEqual([]);
  });

  it('should leave the schema exactly as the TypeORM entities describe it', async () => {
    const pending = await database.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should lead every per-user primary key with user_id (ready to distribute by user)', async () => {
    const rows = await testDatabase.query<{ table_name: string; first_column: string }>(
      `SELECT c.relname AS table_name, a.attname AS first_column
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
       WHERE i.indisprimary AND c.relname IN
         ('profiles','points_ledger','user_achievements','user_quests','user_rewards','rule_usage','processed_events','outbox','webhook_deliveries')`,
    );
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((row) => row.first_column))).toEqual(new Set(['user_id']));
  });

  it('should move the outbox rows still waiting into the relay queue on upgrade, and back on downgrade', async () => {
    const fresh = await createTestDatabase('migrate_outbox_queue');
    const old = await openDatabase({ url: fresh.url, poolSize: 1 });
    const runner = old.dataSource.createQueryRunner();
    try {
      await new InitialSchema1764150000000().up(runner);
      const [relayed, waiting] = await fresh.query<{ id: string }>(
        `INSERT INTO outbox (user_id, kind, event_id, payload, published_at)
         VALUES (gen_random_uuid(), 'LEVEL_UP', 'relayed', '{}', now()), (gen_random_uuid(), 'LEVEL_UP', 'waiting', '{}', NULL)
         RETURNING id::text AS id`,
      );
      await new OutboxPendingQueue1764200000000().up(runner);
      expect(await fresh.query('SELECT id::text AS id FROM outbox_pending')).toEqual([{ id: waiting.id }]);
      expect(await fresh.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 2 }]);

      await new OutboxPendingQueue1764200000000().down(runner);
      const rows = await fresh.query<{ id: string; relayed: boolean }>(`SELECT id::text AS id, published_at IS NOT NULL AS relayed FROM outbox ORDER BY id`);
      expect(rows).toEqual([
        { id: relayed.id, relayed: true },
        { id: waiting.id, relayed: false },
      ]);
    } finally {
      await runner.release();
      await old.close();
      await fresh.drop();
    }
  });

  it('should turn the stored rule sets into versions in the order they were loaded, the last one in force, and back on downgrade', async () => {
    const fresh = await createTestDatabase('migrate_rule_versions');
    const old = await openDatabase({ url: fresh.url, poolSize: 1 });
    const runner = old.dataSource.createQueryRunner();
    try {
      await new InitialSchema1764150000000().up(runner);
      await fresh.query(
        `INSERT INTO rule_sets (id, source, document, loaded_at) VALUES
           ('bbbb', '/rules/b.yaml', '{"levels": [0, 5]}', '2026-11-02T00:00:00Z'),
           ('aaaa', '/rules/a.yaml', '{"levels": [0]}', '2026-11-01T00:00:00Z')`,
      );
      await new RuleVersions1796093417529().up(runner);
      expect(await fresh.query('SELECT id, hash, source, published_by FROM rule_versions ORDER BY id')).toEqual([
        { id: 1, hash: 'aaaa', source: '/rules/a.yaml', published_by: 'RULES_FILE' },
        { id: 2, hash: 'bbbb', source: '/rules/b.yaml', published_by: 'RULES_FILE' },
      ]);
      expect(await fresh.query('SELECT version_id FROM rule_version_in_force(1)')).toEqual([{ version_id: 2 }]);

      await new RuleVersions1796093417529().down(runner);
      expect(await fresh.query('SELECT id, source FROM rule_sets ORDER BY id')).toEqual([
        { id: 'aaaa', source: '/rules/a.yaml' },
        { id: 'bbbb', source: '/rules/b.yaml' },
      ]);
    } finally {
      await runner.release();
      await old.close();
      await fresh.drop();
    }
  });

  it('should move events, ledger and outbox into month partitions with every row, id and queued notification kept, and back on downgrade', async () => {
    const fresh = await createTestDatabase('migrate_month_partitions');
    const old = await openDatabase({ url: fresh.url, poolSize: 1 });
    const runner = old.dataSource.createQueryRunner();
    const snapshot = async () => ({
      events: await fresh.query(`SELECT user_id, event_id, created_at, payload, status FROM events ORDER BY event_id`),
      ledger: await fresh.query(`SELECT l.id::text AS id, user_id, event_id, points, created_at FROM points_ledger l ORDER BY l.id`),
      outbox: await fresh.query(`SELECT o.id::text AS id, user_id, event_id, created_at FROM outbox o ORDER BY o.id`),
      pending: await fresh.query(`SELECT p.id::text AS id FROM outbox_pending p ORDER BY p.id`),
    });
    try {
      for (const Migration of MIGRATIONS.slice(0, MIGRATIONS.indexOf(MonthPartitions1796096000000))) await new Migration().up(runner);
      // 30 events over 15 months (one every 15 days; the newest now), each with a ledger line and a notification; every third one still queued.
      await fresh.query(
        `WITH rows AS (SELECT n, gen_random_uuid() AS user_id, now() - make_interval(days => n * 15) AS at FROM generate_series(0, 29) AS n),
         stored AS (INSERT INTO events (user_id, event_id, type, journey, occurred_at, schema_version, payload, created_at)
           SELECT user_id, 'event-' || n, 'DAILY_LOGIN', 'wellness', at, '1.0.0', jsonb_build_object('n', n), at FROM rows),
         lines AS (INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at, created_at)
           SELECT user_id, 'event-' || n, 'DAILY_LOGIN', 'wellness', 'rule', 'login', n, at, at FROM rows),
         notified AS (INSERT INTO outbox (user_id, kind, event_id, payload, created_at)
           SELECT user_id, 'POINTS_AWARDED', 'event-' || n, '{}', at FROM rows ORDER BY n RETURNING id)
         INSERT INTO outbox_pending (id) SELECT id FROM notified WHERE id % 3 = 0`,
      );
      const before = await snapshot();

      await new MonthPartitions1796096000000().up(runner);
      expect(await snapshot()).toEqual(before);
      for (const table of ['events', 'points_ledger', 'outbox']) {
        const misplaced = await fresh.query(
          `SELECT tableoid::regclass::text AS partition, created_at FROM ${table}
           WHERE tableoid::regclass::text <> '${table}_' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY_MM')`,
        );
        expect(misplaced).toEqual([]);
      }
      const [{ id: nextId }] = await fresh.query<{ id: string }>(
        `INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at)
         VALUES (gen_random_uuid(), 'next', 'DAILY_LOGIN', 'wellness', 'rule', 'login', 1, now()) RETURNING id::text AS id`,
      );
      expect(Number(nextId)).toBe(Number(before.ledger.at(-1)!.id as string) + 1);
      await fresh.query(`DELETE FROM points_ledger WHERE event_id = 'next'`);

      await new MonthPartitions1796096000000().down(runner);
      expect(await snapshot()).toEqual(before);
      expect(await fresh.query(`SELECT relkind::text AS kind FROM pg_class WHERE relname IN ('events', 'points_ledger', 'outbox')`)).toEqual([
        { kind: 'r' },
        { kind: 'r' },
        { kind: 'r' },
      ]);
    } finally {
      await runner.release();
      await old.close();
      await fresh.drop();
    }
  });

  it('should let several processes start together on a fresh database (one migrates, the others wait)', async () => {
    const fresh = await createTestDatabase('migrate_race');
    try {
      const processes = [1, 2, 3].map(() => spawnMain(['migrate'], { DATABASE_URL: fresh.url, LOG_LEVEL: 'warn' }));
      const codes = await Promise.all(processes.map((spawned) => new Promise<number | null>((resolve) => spawned.child.once('exit', resolve))));
      expect(codes).toEqual([0, 0, 0]);
      const [row] = await fresh.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(row.n)).toBeGreaterThan(0);
    } finally {
      await fresh.drop();
    }
  }, 60_000);
  it("should count on each profile the member's events processed before the event store kept them, not those of a dropped month, and drop the count on downgrade", async () => {
    const fresh = await createTestDatabase('migrate_unstored_events');
    const old = await openDatabase({ url: fresh.url, poolSize: 1 });
    const runner = old.dataSource.createQueryRunner();
    const [whole, older, dropped] = [randomUUID(), randomUUID(), randomUUID()];
    try {
      for (const Migration of MIGRATIONS.slice(0, MIGRATIONS.indexOf(UnstoredEvents1796100000000))) await new Migration().up(runner);
      // `whole`: 2 events, both stored; `older`: 3 events, the first 2 processed before the event store; `dropped`: 1 event whose month was dropped.
      await fresh.query(
        `WITH processed AS (
           INSERT INTO processed_events (user_id, event_id, event_type, result, processed_at)
           SELECT user_id::uuid, event_id, 'DAILY_LOGIN', '{}', at::timestamptz FROM (VALUES
             ($1, 'w1', '2026-11-01T10:00:00Z', true), ($1, 'w2', '2026-11-02T10:00:00Z', true),
             ($2, 'o1', '2026-06-01T10:00:00Z', false), ($2, 'o2', '2026-06-02T10:00:00Z', false), ($2, 'o3', '2026-11-03T10:00:00Z', true),
             ($3, 'd1', '2026-07-15T10:00:00Z', false)) AS x(user_id, event_id, at, stored)
           RETURNING user_id, event_id, processed_at
         ), stored AS (
           INSERT INTO events (user_id, event_id, type, journey, occurred_at, schema_version, payload, created_at)
           SELECT user_id, event_id, 'DAILY_LOGIN', 'wellness', processed_at, '1.0.0', '{}', processed_at FROM processed WHERE event_id IN ('w1', 'w2', 'o3')
         )
         INSERT INTO profiles (user_id) SELECT DISTINCT user_id FROM processed`,
        [whole, older, dropped],
      );
      await fresh.query(`INSERT INTO month_partition_drops (table_name, month) VALUES ('events', '2026-07-01T00:00:00Z')`);

      await new UnstoredEvents1796100000000().up(runner);
      const counts = await fresh.query<{ user_id: string; unstored_events: number }>(`SELECT user_id, unstored_events FROM profiles`);
      expect(new Map(counts.map((row) => [row.user_id, row.unstored_events]))).toEqual(
        new Map([
          [whole, 0],
          [older, 2],
          [dropped, 0],
        ]),
      );
      const [newcomer] = await fresh.query<{ unstored_events: number }>(`INSERT INTO profiles (user_id) VALUES (gen_random_uuid()) RETURNING unstored_events`);
      expect(newcomer).toEqual({ unstored_events: 0 });

      await new UnstoredEvents1796100000000().down(runner);
      expect(await fresh.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'profiles' AND column_name = 'unstored_events'`)).toEqual([]);
    } finally {
      await runner.release();
      await old.close();
      await fresh.drop();
    }
  });
});
