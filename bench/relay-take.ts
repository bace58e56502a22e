/**
 * `node dist-bench/bench/relay-take.js`: what the outbox relay's take costs per notification with
 * and without the notifications handed over by the engine of its process (issue 17).
 *
 * Writes notifications as the engine's batch statement does (POINTS_AWARDED, achievement and
 * streak payloads of the bench's sizes, BENCH_BATCH a batch, default 500), then lets the relay's
 * queue take and mark them, one batch after the other, alternating two ways batch by batch: the
 * rows read back (a relay remembering nothing, as another process's) and the ids alone,
 * the notifications coming from a WrittenNotifications. Reports the relay process's CPU
 * (process.cpuUsage: the driver parsing rows, or the memory look-up) and its PostgreSQL
 * backend's (/proc), per notification. BENCH_ROUNDS (default 200) batches each way.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { NotificationKind, type Notification, type PendingNotification } from '../src/engine/notifications/notification';
import { openDatabase, pgQuery, type Sql } from '../src/platform/database';
import { OutboxQueue } from '../src/outbox/outbox-queue';
import { WrittenNotifications } from '../src/outbox/written-notifications';
import { createTestDatabase } from '../test/support/test-database';
import { cpuSecondsBetween, cpuSnapshot } from './process-cpu';
import { print, runMain } from './run-main';

async function main(): Promise<void> {
  const batchSize = Number(process.env.BENCH_BATCH ?? 500);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
  const testDatabase = await createTestDatabase('relay_take');
  const database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
  try {
    await database.runMigrations();
    const relayClient = new Client({ connectionString: testDatabase.url });
    await relayClient.connect();
    await relayClient.query('SET plan_cache_mode TO force_custom_plan');
    const [{ pid }] = (await relayClient.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const connection = { query: async <Row>(sql: Sql, params: unknown[] = []) => (await relayClient.query(pgQuery(sql, params))).rows as Row[] };
    const written = new WrittenNotifications(4 * batchSize);
    const ways = [
      { label: 'rows read back', queue: new OutboxQueue(connection), node: 0, postgres: 0 },
      { label: 'ids only, notifications from memory', queue: new OutboxQueue(connection, written), node: 0, postgres: 0 },
    ];
    const load = os.loadavg()[0];
    for (let round = 0; round < rounds; round++) {
      for (const way of ways) {
        const notifications = await writeNotifications(database, batchSize);
        if (way.queue !== ways[0].queue) written.remember(notifications);
        const node = process.cpuUsage();
        const postgres = cpuSnapshot([pid]);
        const taken = await way.queue.markPublishedAndTakeNext([], [], batchSize);
        await way.queue.markPublished(taken);
        const used = process.cpuUsage(node);
        way.node += (used.user + used.system) / 1e6;
        way.postgres += cpuSecondsBetween(postgres, cpuSnapshot([pid]));
        if (taken.length !== notifications.length) throw new Error(`took ${taken.length} of ${notifications.length}`);
      }
    }
    await relayClient.end();
    const count = rounds * batchSize;
    print(`\nRelay take — ${count} notifications each way in takes of ${batchSize}, load ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}\n`);
    print('| take | relay process µs/notification | its PostgreSQL backend µs/notification | both |');
    print('|---|---:|---:|---:|');
    for (const way of ways) {
      const node = (way.node * 1e6) / count;
      const postgres = (way.postgres * 1e6) / count;
      print(`| ${way.label} | ${node.toFixed(1)} | ${postgres.toFixed(1)} | ${(node + postgres).toFixed(1)} |`);
    }
  } finally {
    await database.close();
    await testDatabase.drop();
  }
}

/** `count` committed notifications of the bench's mix (mostly points, some achievements and streaks), as the engine writes them. */
async function writeNotifications(database: Awaited<ReturnType<typeof openDatabase>>, count: number): Promise<Notification[]> {
  const now = new Date().toISOString();
  const pending = Array.from({ length: count }, (_, index): PendingNotification => {
    const userId = randomUUID();
    const eventId = randomUUID();
    if (index % 10 === 7) {
      return {
        userId,
        eventId,
        kind: NotificationKind.ACHIEVEMENT_UNLOCKED,
        payload: {
          eventId,
          userId,
          achievement: { key: 'first-steps', title: 'First Steps', description: 'Record your first health metric.', points: 10 },
          tier: null,
          unlockedAt: now,
        },
      };
    }
    if (index % 10 === 8)
      return {
        userId,
        eventId,
        kind: NotificationKind.STREAK_EXTENDED,
        payload: {
          eventId,
          userId,
          streak: { key: 'daily-activity', title: 'Daily activity', per: 'day' },
          current: 3,
          longest: 5,
          freezesHeld: 1,
          period: '2026-12-01',
          changedAt: now,
        },
      };
    return {
      userId,
      eventId,
      kind: NotificationKind.POINTS_AWARDED,
      payload: { eventId, userId, points: 10, totalPoints: 1230, level: 3, eventType: 'HEALTH_METRIC_RECORDED', journey: 'health', occurredAt: now, awardedAt: now },
    };
  });
  const [row] = await database.query<{ ids: string[]; created_at: Date }>(
    `WITH notifications AS (
       INSERT INTO outbox (user_id, kind, event_id, payload)
       SELECT "userId", kind, "eventId", payload FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS ("userId" uuid, kind text, "eventId" text, payload jsonb))
         WITH ORDINALITY AS x("userId", kind, "eventId", payload, position) ORDER BY position RETURNING id
     ), queued AS (INSERT INTO outbox_pending (id) SELECT id FROM notifications RETURNING id)
     SELECT array_agg(id ORDER BY id)::text[] AS ids, now() AS created_at FROM queued`,
    [JSON.stringify(pending)],
  );
  return row.ids.map((id, index) => ({ ...pending[index], id, createdAt: row.created_at }) as Notification);
}

runMain(main);
