import { Client } from 'pg';
import { eventually, runMain } from '../../support/spawn-process';
import { ONE_POINT_EACH, writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('start-up migrations that fail on a transient error', () => {
  let database: TestDatabase;
  let blocker: Client;

  beforeAll(async () => {
    database = await createTestDatabase('startup_migrations');
    blocker = new Client({ connectionString: database.url });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker?.end();
    await database?.drop();
  });

  it('should be tried again and finish, instead of the process exiting', async () => {
    // The migrator's first read of its own table waits behind this lock; its connection is then
    // terminated by an administrator (SQLSTATE 57P01, what a deadlock victim or a failover gives too).
    await blocker.query('CREATE TABLE schema_migrations (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)');
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE');
    const migrating = runMain(['migrate'], { DATABASE_URL: database.url, RULES_FILE: writeRulesFile(ONE_POINT_EACH), LOG_LEVEL: 'info' });

    const waiting = await eventually(async () => {
      const rows = await database.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%schema_migrations%'`,
      );
      return rows[0]?.pid;
    }, 30_000);
    await database.query('SELECT pg_terminate_backend($1)', [waiting]);
    await blocker.query('COMMIT');

    const { code, output } = await migrating;
    expect({ code, retried: output.includes('start-up migrations failed; retrying') }).toEqual({ code: 0, retried: true });
    const [applied] = await database.query<{ count: string }>('SELECT count(*) FROM schema_migrations');
    expect(Number(applied.count)).toBeGreaterThan(0);
  });
});
