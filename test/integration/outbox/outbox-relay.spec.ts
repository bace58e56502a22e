import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { NotificationKind, type Notification } from '../../../src/engine/notifications/notification';
import { openDatabase, type Database, type Sql } from '../../../src/platform/database';
import { createLogger } from '../../../src/platform/logger';
import { Metrics } from '../../../src/platform/metrics';
import { OutboxRelay, RELAY_ERROR_PAUSE_MS } from '../../../src/outbox/outbox-relay';
import type { OutboxSink } from '../../../src/outbox/outbox-sink';
import { PostgresRelayConnection } from '../../../src/outbox/postgres-relay-connection';
import { WrittenNotifications } from '../../../src/outbox/written-notifications';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** A sink that remembers every batch it was handed (ids), and can be told to fail or to do something first. */
class RecordingSink implements OutboxSink {
  readonly name = 'recording';
  readonly batches: string[][] = [];
  failuresLeft = 0;
  beforeDelivery: ((batch: readonly Notification[]) => Promise<void>) | undefined;
  /** Most deliveries in progress at once. */
  mostAtOnce = 0;
  private inProgress = 0;

  async deliver(batch: readonly Notification[]): Promise<void> {
    this.batches.push(batch.map((n) => n.id));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('sink unavailable');
    }
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.inProgress);
    try {
      await this.beforeDelivery?.(batch);
    } finally {
      this.inProgress--;
    }
  }

  delivered(): string[] {
    return this.batches.flat();
  }
}

describe('the outbox relay', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase('outbox_relay');
    database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
    await database.runMigrations();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await database.query('DELETE FROM outbox_pending');
    await database.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  function startRelay(
    sink: OutboxSink,
    options: { metrics?: Metrics; pollIntervalMs?: number; batchSize?: number; connection?: PostgresRelayConnection; written?: WrittenNotifications } = {},
  ): OutboxRelay {
    const relay = new OutboxRelay({
      connection: options.connection ?? new PostgresRelayConnection(testDatabase.url, logger),
      sinks: [sink],
      logger,
      metrics: options.metrics ?? new Metrics({ defaultMetrics: false }),
      pollIntervalMs: options.pollIntervalMs ?? 50,
      batchSize: options.batchSize ?? 100,
      written: options.written,
    });
    relays.push(relay);
    relay.start();
    return relay;
  }

  /**
   * A relay connection that records the statements it is asked to run. A relay's pass ends with its
   * housekeeping, whose last statement (on a first pass) counts the backlog: once that one has
   * answered, the relay waits for a wake-up or its poll, and nothing else.
   */
  function recordingConnection(): { connection: PostgresRelayConnection; statements: string[]; firstPassDone: () => boolean } {
    const connection = new PostgresRelayConnection(testDatabase.url, logger);
    const statements: string[] = [];
    let counted = false;
    const query = connection.query.bind(connection);
    connection.query = async <Row>(sql: Sql, params?: unknown[]) => {
      const text = typeof sql === 'string' ? sql : sql.name;
      statements.push(text);
      const rows = await query<Row>(sql, params);
      if (text.includes('FROM outbox_pending') && text.includes('count(*)')) counted = true;
      return rows;
    };
    return { connection, statements, firstPassDone: () => counted };
  }

  /** Commits `count` notifications the way the engine does (rows, then NOTIFY); returns their ids in order. */
  async function commitNotifications(count: number): Promise<string[]> {
    const userId = randomUUID();
    const rows = await database.transaction(async (tx) => {
      const inserted = await tx.query<{ id: string }>(
        `WITH inserted AS (
           INSERT INTO outbox (user_id, kind, event_id, payload)
           SELECT $1::text::uuid, $2, 'event-' || n, jsonb_build_object('eventId', 'event-' || n, 'userId', $1::text, 'level', 2, 'previousLevel', 1, 'totalPoints', 100)
           FROM generate_series(1, $3) AS n ORDER BY n RETURNING id
         ), queued AS (INSERT INTO outbox_pending (id) SELECT id FROM inserted)
         SELECT id::text AS id FROM inserted`,
        [userId, NotificationKind.LEVEL_UP, count],
      );
      await tx.query(`SELECT pg_notify('gamification_outbox', '')`);
      return inserted;
    });
    return rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
  }

  const unpublished = async () => Number((await database.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_pending`))[0].n);

  it('should relay through exactly one leader, and let a standby take over when the leader stops', async () => {
    const sinkA = new RecordingSink();
    const sinkB = new RecordingSink();
    const relayA = startRelay(sinkA);
    startRelay(sinkB);
    const first = await commitNotifications(10);
    await eventually(async () => (await unpublished()) === 0);
    const [leader, standby] = sinkA.delivered().length > 0 ? [sinkA, sinkB] : [sinkB, sinkA];
    expect(leader.delivered()).toEqual(first);
    expect(standby.delivered()).toEqual([]);

    await (leader === sinkA ? relayA : relays[1]).stop();
    const second = await commitNotifications(10);
    await eventually(async () => standby.delivered().length === 10);
    expect(standby.delivered()).toEqual(second);
    // The relay marks a batch published in its round trip after the sinks had it (pipelined).
    await eventually(async () => (await unpublished()) === 0);
  });

  it('should deliver in outbox order and retry the same batch while a sink fails, never skipping it', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const sink = new RecordingSink();
    sink.failuresLeft = 3;
    const ids = await commitNotifications(5);
    startRelay(sink, { metrics, batchSize: 3 });
    await eventually(async () => (await unpublished()) === 0);
    expect(sink.batches).toEqual([ids.slice(0, 3), ids.slice(0, 3), ids.slice(0, 3), ids.slice(0, 3), ids.slice(3)]);
    expect((await metrics.retries.get()).values).toEqual([expect.objectContaining({ labels: { policy: 'outbox' }, value: 3 })]);
    expect((await metrics.notificationsPublished.get()).values).toEqual([expect.objectContaining({ labels: { kind: 'LEVEL_UP' }, value: 5 })]);
  });

  it('should take the notifications its process wrote from memory, the others from their rows, in outbox order, and never one whose batch did not commit', async () => {
    const ids = await commitNotifications(5);
    const written = new WrittenNotifications(100);
    const remembered = (id: string): Notification =>
      ({ id, userId: randomUUID(), kind: NotificationKind.LEVEL_UP, eventId: `remembered-${id}`, payload: {}, createdAt: new Date() }) as Notification;
    const rolledBack = String(Number(ids[4]) + 1000);
    written.remember([remembered(ids[1]), remembered(ids[3]), remembered(rolledBack)]);
    const delivered: Notification[] = [];
    startRelay({ name: 'collecting', deliver: async (batch) => void delivered.push(...batch) }, { batchSize: 2, written });
    await eventually(async () => (await unpublished()) === 0);
    expect(delivered.map((notification) => [notification.id, notification.eventId])).toEqual([
      [ids[0], 'event-1'],
      [ids[1], `remembered-${ids[1]}`],
      [ids[2], 'event-3'],
      [ids[3], `remembered-${ids[3]}`],
      [ids[4], 'event-5'],
    ]);
    expect([...written.snapshot().keys()]).toEqual([rolledBack]);
  });

  it('should keep the newest notifications its process wrote, up to its capacity', () => {
    const written = new WrittenNotifications(2);
    const notification = (id: string) => ({ id }) as Notification;
    written.remember([notification('1'), notification('2')]);
    written.remember([notification('3')]);
    expect([...written.snapshot().keys()]).toEqual(['2', '3']);
  });

  it('should deliver a backlog in consecutive batches, each row once, while the next batch is fetched during a delivery', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const sink = new RecordingSink();
    sink.beforeDelivery = () => new Promise((resolve) => setTimeout(resolve, 20));
    const ids = await commitNotifications(23);
    startRelay(sink, { metrics, batchSize: 4 });
    await eventually(async () => (await unpublished()) === 0);
    expect(sink.batches).toEqual(Array.from({ length: 6 }, (_, index) => ids.slice(index * 4, index * 4 + 4)));
    expect((await metrics.notificationsPublished.get()).values).toEqual([expect.objectContaining({ labels: { kind: 'LEVEL_UP' }, value: 23 })]);
  });

  it('should vacuum its queue once it has marked a few thousand rows, so deleted rows stop costing its scans', async () => {
    const vacuums = async () => Number((await database.query<{ n: string }>(`SELECT vacuum_count::text AS n FROM pg_stat_user_tables WHERE relname = 'outbox_pending'`))[0].n);
    const before = await vacuums();
    const ids = await commitNotifications(2_600);
    const sink = new RecordingSink();
    startRelay(sink, { batchSize: 500, pollIntervalMs: 10 });
    await eventually(async () => (await unpublished()) === 0);
    expect(sink.delivered()).toEqual(ids);
    await eventually(async () => (await vacuums()) > before);
  });

  it('should report the backlog while delivery is failing', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const sink = new RecordingSink();
    sink.failuresLeft = Number.MAX_SAFE_INTEGER;
    await commitNotifications(7);
    startRelay(sink, { metrics });
    await eventually(async () => (await metrics.outboxBacklog.get()).values[0]?.value === 7);
    expect(await unpublished()).toBe(7);
  });

  it('should re-deliver rather than drop when it dies between delivering and marking', async () => {
    const sink = new RecordingSink();
    let crashed = false;
    sink.beforeDelivery = async () => {
      if (crashed) return;
      crashed = true;
      // The relay's own connection (its lock and its UPDATE) dies after the sink took the batch.
      await database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gamification-outbox-relay'`);
    };
    const ids = await commitNotifications(4);
    startRelay(sink);
    await eventually(async () => (await unpublished()) === 0);
    expect(sink.batches).toEqual([ids, ids]);
  });

  it('should let a delivery finish before re-delivering when its connection dies during it (never two at once)', async () => {
    const ids = await commitNotifications(4);
    const [first, second] = [ids.slice(0, 2), ids.slice(2)];
    const locker = new PgClient({ connectionString: testDatabase.url });
    await locker.connect();
    const sink = new RecordingSink();
    let crashed = false;
    sink.beforeDelivery = async (batch) => {
      const batchIds = batch.map((n) => n.id);
      if (!crashed && batchIds[0] === first[0]) {
        // Hold the first batch's rows so that marking them, which runs while the second batch is delivered, waits.
        await locker.query('BEGIN');
        await locker.query('SELECT 1 FROM outbox_pending WHERE id = ANY($1::bigint[]) FOR UPDATE', [first]);
      } else if (!crashed && batchIds[0] === second[0]) {
        crashed = true;
        await database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gamification-outbox-relay'`);
        // Proving that nothing is re-delivered while this delivery lasts needs it to last: past the
        // relay's pause before it would reconnect and take the unmarked batches again (no state to wait for).
        await new Promise((resolve) => setTimeout(resolve, RELAY_ERROR_PAUSE_MS + 500));
        await locker.query('ROLLBACK');
      }
    };
    try {
      startRelay(sink, { batchSize: 2 });
      await eventually(async () => (await unpublished()) === 0, 20_000);
    } finally {
      await locker.end();
    }
    expect(sink.mostAtOnce).toBe(1);
    expect(sink.batches.slice(0, 2)).toEqual([first, second]);
    expect(sink.batches.slice(2)).toEqual([first, second]);
  });

  it('should be woken by the commit NOTIFY rather than wait for its poll interval', async () => {
    const sink = new RecordingSink();
    const { connection, firstPassDone } = recordingConnection();
    startRelay(sink, { pollIntervalMs: 60_000, connection });
    await eventually(async () => firstPassDone());
    const started = Date.now();
    const ids = await commitNotifications(2);
    await eventually(async () => sink.delivered().length === 2, 5_000, 10);
    expect(sink.delivered()).toEqual(ids);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should mark a batch that drained the queue without looking for more, and take a commit announced during a delivery right after it', async () => {
    const { connection, statements, firstPassDone } = recordingConnection();
    const sink = new RecordingSink();
    startRelay(sink, { pollIntervalMs: 60_000, connection });
    await eventually(async () => firstPassDone());

    statements.length = 0;
    const first = await commitNotifications(3);
    await eventually(async () => (await unpublished()) === 0, 5_000, 10);
    // One statement takes the batch; with nothing announced since, the next one only marks it.
    expect(statements.filter((name) => name.startsWith('relay-'))).toEqual(['relay-mark-and-take', 'relay-mark']);

    let committedDuring: Promise<string[]> | undefined;
    sink.beforeDelivery = async () => {
      committedDuring ??= commitNotifications(2);
      await committedDuring;
    };
    const second = await commitNotifications(3);
    await eventually(async () => (await unpublished()) === 0, 5_000, 10);
    expect(sink.batches).toEqual([first, second, await committedDuring!]);
  });
});
