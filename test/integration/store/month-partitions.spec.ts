import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import {
  addMonths,
  MONTH_PARTITIONED_TABLES,
  MONTHS_AHEAD,
  monthOf,
  monthPartitionName,
  monthPartitions,
  type MonthPartitionedTable,
} from '../../../src/entities/month-partitions';
import { MonthPartitionRetention, type TableRetention } from '../../../src/retention/month-partition-retention';
import { startTestApi } from '../../support/api-harness';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { ONE_POINT_EACH, writeRulesFile } from '../../support/rules-files';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, TEST_JWT_SECRET } from '../../support/tokens';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
const RETRACT = `mutation($input: RetractEventInput!) { retractEvent(input: $input) { id } }`;
const EXPORT = `query($u: ID!) { exportMemberData(userId: $u) }`;
const ERASE = `mutation($input: EraseMemberInput!) { eraseMember(input: $input) { rowsDeleted } }`;

/** An API node and direct access to its database: SQL, and a round of the month partitions' maintenance. */
interface Backend {
  url: string;
  database: { query<Row>(sql: string, params?: unknown[]): Promise<Row[]> };
  retentionRound(retention: TableRetention[]): Promise<number>;
}

function inProcess(api: ApiNode): Backend {
  return {
    url: api.url,
    database: api.runtime.database,
    retentionRound: (retention) => new MonthPartitionRetention(api.runtime.database, retention, api.runtime.logger).round(),
  };
}

/** The embedded default runs in a process of its own (test/support/embedded-api-child.js), which takes the SQL over HTTP. */
async function embeddedChild(dataDir: string, env: Record<string, string>): Promise<{ backend: Backend; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../support/embedded-api-child.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, PRINT_DEV_TOKENS: 'false', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ url: string; control: string }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{"url"'));
      if (line) resolve(JSON.parse(line) as { url: string; control: string });
    });
    child.once('exit', (code) => reject(new Error(`embedded API exited with ${code}: ${output}`)));
  });
  const call = async <Answer>(command: unknown): Promise<Answer> => {
    const answer = (await (await fetch(ready.control, { method: 'POST', body: JSON.stringify(command) })).json()) as Answer & { error?: string };
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer;
  };
  return {
    child,
    backend: {
      url: ready.url,
      database: { query: async <Row>(sql: string, params: unknown[] = []) => (await call<{ rows: Row[] }>({ sql, params })).rows },
      retentionRound: async (retention) => (await call<{ changed: number }>({ retention })).changed,
    },
  };
}

/** The month partitions of events, ledger and outbox, the same on PostgreSQL and on the embedded default. */
function partitionSuite(start: () => Promise<Backend>, stop: () => Promise<void>): void {
  let backend: Backend;
  let database: Backend['database'];
  let now: Date;

  beforeAll(async () => {
    backend = await start();
    database = backend.database;
    const [row] = await database.query<{ now: Date | string }>('SELECT now() AS now');
    now = new Date(row.now);
  });

  afterAll(stop);

  const record = async (event: ReturnType<typeof createTestEvent>) => {
    const response = await graphql(backend.url, RECORD_EVENT, { event }, await serviceToken());
    expect(response.errors).toBeUndefined();
    return response.data!.recordEvent as { duplicate: boolean; totalPoints: number };
  };

  /** Moves everything the member's events wrote to `at`, as if accepted then (rows move between partitions). */
  const acceptedAt = async (userId: string, at: Date) => {
    for (const table of MONTH_PARTITIONED_TABLES) await database.query(`UPDATE ${table} SET created_at = $2 WHERE user_id = $1`, [userId, at.toISOString()]);
    await database.query(`UPDATE processed_events SET processed_at = $2 WHERE user_id = $1`, [userId, at.toISOString()]);
  };

  const rowsOf = async (table: MonthPartitionedTable, userId: string) =>
    Number((await database.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE user_id = $1`, [userId]))[0].n);

  const months = async (table: MonthPartitionedTable) => (await monthPartitions(database, table)).map((partition) => partition.name);

  const inDefault = async (table: MonthPartitionedTable) => Number((await database.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}_default`))[0].n);

  it('should have this month and the next ones partitioned for events, ledger and outbox, and make up a missing month ahead', async () => {
    const current = monthOf(now);
    for (const table of MONTH_PARTITIONED_TABLES) {
      for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) expect(await months(table)).toContain(monthPartitionName(table, addMonths(current, ahead)));
    }
    const last = monthPartitionName('events', addMonths(current, MONTHS_AHEAD));
    await database.query(`DROP TABLE ${last}`);
    expect(await months('events')).not.toContain(last);
    expect(await backend.retentionRound([{ table: 'events', days: 0 }])).toBe(1);
    expect(await months('events')).toContain(last);
  });

  it('should drop a month past retention whole, keep every row of a month only partly past it, and leave the default partition empty', async () => {
    const current = monthOf(now);
    const expiredMonth = addMonths(current, -3);
    const partlyExpiredMonth = addMonths(current, -2);
    // The cut-off falls in the middle of the partly expired month.
    const days = Math.floor((now.getTime() - partlyExpiredMonth.getTime()) / DAY_MS) - 15;
    const [gone, early, late] = [randomUUID(), randomUUID(), randomUUID()];
    for (const userId of [gone, early, late]) await record(createTestEvent(EventType.DAILY_LOGIN, { userId }));
    // No partition covers those months yet: the rows land in the default partition.
    await acceptedAt(gone, new Date(expiredMonth.getTime() + 5 * DAY_MS));
    await acceptedAt(early, new Date(partlyExpiredMonth.getTime() + DAY_MS));
    await acceptedAt(late, new Date(partlyExpiredMonth.getTime() + 20 * DAY_MS));
    expect(await inDefault('events')).toBe(3);
    await database.query(`DELETE FROM outbox_pending WHERE id IN (SELECT id FROM outbox WHERE user_id = ANY($1::uuid[]))`, [[gone, early, late]]);

    await backend.retentionRound([
      { table: 'events', days },
      { table: 'points_ledger', days: 0 },
      { table: 'outbox', days },
    ]);

    for (const table of ['events', 'outbox'] as const) {
      expect(await months(table)).not.toContain(monthPartitionName(table, expiredMonth));
      expect(await months(table)).toContain(monthPartitionName(table, partlyExpiredMonth));
      expect(await inDefault(table)).toBe(0);
      expect([await rowsOf(table, gone), (await rowsOf(table, early)) > 0, (await rowsOf(table, late)) > 0]).toEqual([0, true, true]);
    }
    // The ledger keeps every month (LEDGER_RETENTION_DAYS 0): the expired month got its partition.
    expect(await months('points_ledger')).toContain(monthPartitionName('points_ledger', expiredMonth));
    expect(await rowsOf('points_ledger', gone)).toBe(1);
    expect(await database.query(`SELECT table_name FROM month_partition_drops WHERE month = $1 ORDER BY table_name`, [expiredMonth.toISOString()])).toEqual([
      { table_name: 'events' },
      { table_name: 'outbox' },
    ]);
    // The member's history is known to be incomplete: a recompute (here, retracting a later event) is refused.
    const later = createTestEvent(EventType.DAILY_LOGIN, { userId: gone });
    await record(later);
    const retracted = await graphql(backend.url, RETRACT, { input: { eventId: later.id, reason: 'test', idempotencyKey: randomUUID() } }, await adminToken());
    expect(retracted.errors?.[0]).toMatchObject({ extensions: { code: 'FAILED_PRECONDITION' }, message: expect.stringContaining('were dropped with their months') });
  });

  it('should keep a month of the outbox while a row of it still waits for the relay', async () => {
    const month = addMonths(monthOf(now), -5);
    const userId = randomUUID();
    await record(createTestEvent(EventType.DAILY_LOGIN, { userId }));
    await acceptedAt(userId, new Date(month.getTime() + DAY_MS));
    // Queued again only once the relay has published it (woken by the commit), so the relay's mark cannot undo the queuing.
    await eventually(async () => (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_pending WHERE id IN (SELECT id FROM outbox WHERE user_id = $1)`, [userId]))[0].n === 0);
    await database.query(`INSERT INTO outbox_pending (id) SELECT id FROM outbox WHERE user_id = $1`, [userId]);
    await backend.retentionRound([{ table: 'outbox', days: 1 }]);
    expect(await months('outbox')).toContain(monthPartitionName('outbox', month));
    await database.query(`DELETE FROM outbox_pending WHERE id IN (SELECT id FROM outbox WHERE user_id = $1)`, [userId]);
    await backend.retentionRound([{ table: 'outbox', days: 1 }]);
    expect(await months('outbox')).not.toContain(monthPartitionName('outbox', month));
  });

  it('should apply an event id once even when its first acceptance lies in another month', async () => {
    const userId = randomUUID();
    const event = createTestEvent(EventType.DAILY_LOGIN, { userId });
    const first = await record(event);
    expect(first).toMatchObject({ duplicate: false, totalPoints: 1 });
    await acceptedAt(userId, new Date(addMonths(monthOf(now), -1).getTime() + 3 * DAY_MS));
    await backend.retentionRound([{ table: 'events', days: 0 }]);

    expect(await record(event)).toMatchObject({ duplicate: true, totalPoints: 1 });
    expect([await rowsOf('events', userId), await rowsOf('points_ledger', userId)]).toEqual([1, 1]);
    expect((await database.query(`SELECT tableoid::regclass::text AS partition FROM events WHERE user_id = $1`, [userId]))[0]).toEqual({
      partition: monthPartitionName('events', addMonths(monthOf(now), -1)),
    });
  });

  it("should export a member's rows of every month and erase them all", async () => {
    const userId = randomUUID();
    const [older, newer] = [createTestEvent(EventType.DAILY_LOGIN, { userId }), createTestEvent(EventType.DEVICE_CONNECTED, { userId })];
    await record(older);
    await database.query(`UPDATE events SET created_at = $2 WHERE user_id = $1`, [userId, new Date(addMonths(monthOf(now), -1).getTime() + DAY_MS).toISOString()]);
    await database.query(`UPDATE points_ledger SET created_at = $2 WHERE user_id = $1`, [userId, new Date(addMonths(monthOf(now), -1).getTime() + DAY_MS).toISOString()]);
    await record(newer);
    const admin = await adminToken();

    const exported = await graphql(backend.url, EXPORT, { u: userId }, admin);
    expect(exported.errors).toBeUndefined();
    const sections = exported.data!.exportMemberData.sections as Record<string, { event_id: string }[]>;
    expect(sections.events.map((row) => row.event_id)).toEqual(expect.arrayContaining([older.id, newer.id]));
    expect(sections.ledger.map((row) => row.event_id).sort()).toEqual([older.id, newer.id].sort());

    const erased = await graphql(backend.url, ERASE, { input: { userId, reason: 'test', idempotencyKey: randomUUID() } }, admin);
    expect(erased.errors).toBeUndefined();
    for (const table of MONTH_PARTITIONED_TABLES) expect(await rowsOf(table, userId)).toBe(0);
  });

  it('should refuse to recompute a member whose ledger lines of a month were dropped (LEDGER_RETENTION_DAYS)', async () => {
    // Later than the month of events dropped above: only the ledger's drop leaves this member incomplete.
    const month = addMonths(monthOf(now), -2);
    const userId = randomUUID();
    await record(createTestEvent(EventType.DAILY_LOGIN, { userId }));
    await acceptedAt(userId, new Date(month.getTime() + 10 * DAY_MS));
    const days = Math.floor((now.getTime() - addMonths(month, 1).getTime()) / DAY_MS) - 1;
    await backend.retentionRound([{ table: 'points_ledger', days }]);
    expect(await months('points_ledger')).not.toContain(monthPartitionName('points_ledger', month));
    expect([await rowsOf('events', userId), await rowsOf('points_ledger', userId)]).toEqual([1, 0]);

    const later = createTestEvent(EventType.DAILY_LOGIN, { userId });
    await record(later);
    const retracted = await graphql(backend.url, RETRACT, { input: { eventId: later.id, reason: 'test', idempotencyKey: randomUUID() } }, await adminToken());
    expect(retracted.errors?.[0]).toMatchObject({ extensions: { code: 'FAILED_PRECONDITION' }, message: expect.stringContaining('ledger lines') });
  });
}

describe('month partitions', () => {
  // The relay runs on commits only, never on a poll: a row a test queues by hand stays queued until the test unqueues it.
  const env = { RULES_FILE: writeRulesFile(ONE_POINT_EACH), OUTBOX_POLL_INTERVAL_MS: '600000' };

  describe('on PostgreSQL', () => {
    let testDatabase: TestDatabase;
    let api: ApiNode;
    partitionSuite(
      async () => {
        testDatabase = await createTestDatabase('month_partitions');
        api = await startTestApi({ databaseUrl: testDatabase.url, env });
        return inProcess(api);
      },
      async () => {
        await api?.stop();
        await testDatabase?.drop();
      },
    );
  });

  describe('on the embedded default', () => {
    let dataDir: string | undefined;
    let child: ChildProcess | undefined;
    partitionSuite(
      async () => {
        dataDir = await embeddedDataDir('gamification-month-partitions-');
        const started = await embeddedChild(dataDir, env);
        child = started.child;
        return started.backend;
      },
      async () => {
        if (child && child.exitCode === null) {
          const exited = new Promise((resolve) => child!.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    );
  });
});
