/**
 * `node dist-bench/bench/schema-floor.js`: the PostgreSQL floor of the worker's schema (issue 17).
 *
 * Writes, per event, exactly the rows the engine writes in `bench:worker` (the stored event, its
 * processed-event row, 0.85 outbox + queue rows, 0.76 ledger lines, and the members' state rows:
 * 0.45 profile updates, 0.39 rule-usage, 0.33 achievement and 0.06 streak upserts, 0.1 coin
 * lines), with the same indexes (the migrated schema, month partitions included), the same
 * multi-row statement shape (jsonb row sets, one statement per batch) and one transaction per
 * batch, but with no engine at all: the rows are made up beforehand. It also runs the statements
 * that surround them (locking the batch's profiles, the repeat and progress lookups, the relay's
 * mark of the notifications written, from memory: bench/relay-take.ts compares it with reading them back).
 *
 * The parts are cumulative variants, run batch after batch in rotation in one process (so the
 * shared machine's load falls on all of them alike), and each variant's CPU is the database
 * backend's own (/proc of `pg_backend_pid()`), so the table reads as "what this part adds".
 * BENCH_EVENTS (default 120,000 per variant), BENCH_BATCH (600), BENCH_USERS (10,000).
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EVENT_TYPES, journeyOfType } from '../src/contract';
import { createTestEvent } from '../src/kit';
import { createTestDatabase } from '../test/support/test-database';
import { cpuSnapshot, cpuSecondsBetween } from './process-cpu';
import { print, runMain } from './run-main';

const ROOT = path.resolve(__dirname, '../..');

/** The parts of a batch, in the order the variants add them. */
const PARTS = ['lock', 'lookup', 'events', 'processed', 'outbox', 'relayMark', 'ledger', 'state'] as const;
type Part = (typeof PARTS)[number];

interface Variant {
  label: string;
  parts: ReadonlySet<Part>;
  /** Lock as the engine did before issue 17's step: INSERT … ON CONFLICT DO NOTHING of every member, then lock. */
  ensureProfiles?: boolean;
}

/** Each variant adds one part to the one before; two more leave one row set out of the whole. */
const VARIANTS: Variant[] = [
  ...PARTS.map((_, index) => ({ label: `+ ${PARTS[index]}`, parts: new Set(PARTS.slice(0, index + 1)) })),
  { label: 'all but processed_events', parts: new Set(PARTS.filter((part) => part !== 'processed')) },
  { label: 'all but outbox + queue + mark', parts: new Set(PARTS.filter((part) => part !== 'outbox' && part !== 'relayMark')) },
  { label: 'all, every profile inserted-or-skipped then locked', parts: new Set(PARTS), ensureProfiles: true },
];

async function main(): Promise<void> {
  const eventsPerVariant = Number(process.env.BENCH_EVENTS ?? 120_000);
  const batchSize = Number(process.env.BENCH_BATCH ?? 600);
  const userCount = Number(process.env.BENCH_USERS ?? 10_000);
  const database = await createTestDatabase('schema_floor');
  try {
    await migrate(database.url);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const users = Array.from({ length: userCount }, () => randomUUID());
    await client.query(`INSERT INTO profiles (user_id, level) SELECT unnest($1::uuid[]), 1`, [users]);
    await client.query('VACUUM ANALYZE profiles');

    const cpu = new Map<string, number>(VARIANTS.map((variant) => [variant.label, 0]));
    const batches = Math.ceil(eventsPerVariant / batchSize);
    let sequence = 0;
    const load = os.loadavg()[0];
    const started = performance.now();
    for (let round = 0; round < batches; round++) {
      for (const variant of VARIANTS) {
        const batch = makeBatch(users, sequence, batchSize);
        sequence += batchSize;
        const before = cpuSnapshot([pid]);
        await writeBatch(client, batch, variant);
        cpu.set(variant.label, cpu.get(variant.label)! + cpuSecondsBetween(before, cpuSnapshot([pid])));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const [counts] = (
      await client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM processed_events) AS processed,
           (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM points_ledger) AS ledger`,
      )
    ).rows;
    await client.end();

    const events = batches * batchSize;
    print(
      `\nSchema floor — ${events} events per variant in batches of ${batchSize}, ${userCount} members, ${os.cpus().length} cores, load ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}, ${seconds.toFixed(0)} s`,
    );
    print(`rows written: ${counts.events} events, ${counts.processed} processed, ${counts.outbox} outbox, ${counts.ledger} ledger\n`);
    print('| variant | PostgreSQL CPU µs/event | this part |');
    print('|---|---:|---:|');
    let previous = 0;
    for (const [index, variant] of VARIANTS.entries()) {
      const perEvent = (cpu.get(variant.label)! * 1e6) / events;
      const cumulative = index < PARTS.length;
      print(`| ${variant.label} | ${perEvent.toFixed(1)} | ${cumulative ? (perEvent - previous).toFixed(1) : ''} |`);
      if (cumulative) previous = perEvent;
    }
  } finally {
    await database.drop();
  }
}

interface Batch {
  userIds: string[];
  events: Record<string, unknown>[];
  processed: Record<string, unknown>[];
  outbox: Record<string, unknown>[];
  ledger: Record<string, unknown>[];
  profiles: { userId: string; totalPoints: number }[];
  usage: Record<string, unknown>[];
  achievements: Record<string, unknown>[];
  streaks: Record<string, unknown>[];
  coins: Record<string, unknown>[];
}

/** `size` events of the bench's mix (all types, members spread as bench/worker.ts spreads them), as the engine's rows. */
function makeBatch(users: readonly string[], from: number, size: number): Batch {
  const batch: Batch = { userIds: [], events: [], processed: [], outbox: [], ledger: [], profiles: [], usage: [], achievements: [], streaks: [], coins: [] };
  const members = new Set<string>();
  const now = new Date().toISOString();
  for (let index = from; index < from + size; index++) {
    const type = EVENT_TYPES[index % EVENT_TYPES.length];
    const userId = users[(index * 7919) % users.length];
    const event = createTestEvent(type, { userId });
    const eventId = randomUUID();
    const occurredAt = new Date(event.timestamp).toISOString();
    members.add(userId);
    const slot = index % 100;
    batch.events.push({ user_id: userId, event_id: eventId, type, journey: journeyOfType(type), occurred_at: occurredAt, schema_version: '1.0.0', payload: event.data });
    batch.processed.push({ user_id: userId, event_id: eventId, event_type: type, result: { pointsAwarded: 10, totalPoints: 1230, level: 3 }, content_hash: 'a'.repeat(43) });
    if (slot < 85) {
      batch.outbox.push({
        userId,
        kind: 'POINTS_AWARDED',
        eventId,
        payload: { eventId, userId, points: 10, totalPoints: 1230, level: 3, eventType: type, journey: journeyOfType(type), occurredAt, awardedAt: now },
      });
    }
    if (slot < 76) {
      batch.ledger.push({
        user_id: userId,
        event_id: eventId,
        event_type: type,
        journey: journeyOfType(type),
        source_type: 'rule',
        source_key: `${type.toLowerCase()}-points`,
        points: 10,
        occurred_at: occurredAt,
      });
    }
    if (slot < 45) batch.profiles.push({ userId, totalPoints: 1230 + index });
    if (slot < 39) batch.usage.push({ user_id: userId, rule_id: `${type.toLowerCase()}-points`, period_key: '2026-12-01', uses: 1, points: 10 });
    if (slot >= 50 && slot < 83)
      batch.achievements.push({
        user_id: userId,
        achievement_key: `${type.toLowerCase()}-count`,
        progress: 1,
        streak_last_day: null,
        unlocked_at: null,
        times_earned: 0,
        goal: null,
      });
    if (slot >= 90 && slot < 96)
      batch.streaks.push({ user_id: userId, streak_key: `${type.toLowerCase()}-daily`, state: { current: 1, longest: 1, lastPeriod: '2026-12-01' }, next_check_at: now });
    if (slot >= 20 && slot < 30)
      batch.coins.push({ user_id: userId, event_id: eventId, amount: 1, reason: 'EARNED', source_type: 'rule', source_key: 'coins', remaining: 1, expires_at: null });
  }
  batch.userIds = [...members].sort();
  // One row per key per batch, as the engine writes them (the last value of each).
  batch.profiles = [...new Map(batch.profiles.map((row) => [row.userId, row])).values()];
  batch.usage = lastPerKey(batch.usage, (row) => `${String(row.user_id)} ${String(row.rule_id)}`);
  batch.achievements = lastPerKey(batch.achievements, (row) => `${String(row.user_id)} ${String(row.achievement_key)}`);
  batch.streaks = lastPerKey(batch.streaks, (row) => `${String(row.user_id)} ${String(row.streak_key)}`);
  return batch;
}

function lastPerKey(rows: Record<string, unknown>[], key: (row: Record<string, unknown>) => string): Record<string, unknown>[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

async function writeBatch(client: Client, batch: Batch, { parts, ensureProfiles }: Variant): Promise<void> {
  const json = (rows: readonly unknown[], part: Part) => (parts.has(part) ? JSON.stringify(rows) : '[]');
  await client.query('BEGIN');
  try {
    if (ensureProfiles)
      await client.query(`INSERT INTO profiles (user_id, level) SELECT u, 1 FROM unnest($1::uuid[]) AS t(u) ORDER BY 1 ON CONFLICT (user_id) DO NOTHING`, [batch.userIds]);
    if (parts.has('lock'))
      await client.query(`SELECT user_id, total_points, level, coins FROM profiles WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`, [batch.userIds]);
    if (parts.has('lookup'))
      await client.query(LOOKUP_SQL, [
        batch.events.map((row) => row.user_id),
        batch.events.map((row) => row.event_id),
        batch.usage.map((row) => row.user_id),
        batch.usage.map((row) => row.rule_id),
        batch.usage.map((row) => row.period_key),
        batch.achievements.map((row) => row.user_id),
        batch.achievements.map((row) => row.achievement_key),
      ]);
    const state = parts.has('state');
    const { rows } = await client.query<{ id: string }>(WRITE_SQL, [
      json(batch.events, 'events'),
      json(batch.processed, 'processed'),
      json(batch.outbox, 'outbox'),
      json(batch.ledger, 'ledger'),
      state ? batch.profiles.map((row) => row.userId) : [],
      state ? batch.profiles.map((row) => row.totalPoints) : [],
      json(batch.usage, 'state'),
      json(batch.achievements, 'state'),
      json(batch.streaks, 'state'),
      json(batch.coins, 'state'),
    ]);
    await client.query('COMMIT');
    if (parts.has('relayMark') && rows.length > 0) await client.query(MARK_SQL, [rows.map((row) => row.id)]);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

const MARK_SQL = `DELETE FROM outbox_pending WHERE id = ANY($1::bigint[])`;

const LOOKUP_SQL = `
  SELECT 'processed' AS kind, p.result FROM unnest($1::uuid[], $2::text[]) AS k(user_id, event_id)
    CROSS JOIN LATERAL (SELECT result FROM processed_events p WHERE p.user_id = k.user_id AND p.event_id = k.event_id LIMIT 1) AS p
  UNION ALL
  SELECT 'usage', to_jsonb(u.uses) FROM unnest($3::uuid[], $4::text[], $5::text[]) AS k(user_id, rule_id, period_key)
    CROSS JOIN LATERAL (SELECT uses FROM rule_usage u WHERE u.user_id = k.user_id AND u.rule_id = k.rule_id AND u.period_key = k.period_key LIMIT 1) AS u
  UNION ALL
  SELECT 'achievement', to_jsonb(a.progress) FROM unnest($6::uuid[], $7::text[]) AS k(user_id, achievement_key)
    CROSS JOIN LATERAL (SELECT progress FROM user_achievements a WHERE a.user_id = k.user_id AND a.achievement_key = k.achievement_key LIMIT 1) AS a`;

const WRITE_SQL = `
  WITH stored AS (
    INSERT INTO events (user_id, event_id, type, journey, occurred_at, schema_version, payload)
    SELECT user_id, event_id, type, journey, occurred_at, schema_version, payload FROM jsonb_to_recordset($1::jsonb)
      AS x(user_id uuid, event_id text, type text, journey text, occurred_at timestamptz, schema_version text, payload jsonb)
  ), processed AS (
    INSERT INTO processed_events (user_id, event_id, event_type, result, content_hash)
    SELECT user_id, event_id, event_type, result, content_hash FROM jsonb_to_recordset($2::jsonb)
      AS x(user_id uuid, event_id text, event_type text, result jsonb, content_hash text)
  ), notifications AS (
    INSERT INTO outbox (user_id, kind, event_id, payload)
    SELECT "userId", kind, "eventId", payload FROM jsonb_to_recordset($3::jsonb) AS x("userId" uuid, kind text, "eventId" text, payload jsonb)
    RETURNING id
  ), queued AS (
    INSERT INTO outbox_pending (id) SELECT id FROM notifications RETURNING id
  ), ledger AS (
    INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at)
    SELECT user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at FROM jsonb_to_recordset($4::jsonb)
      AS x(user_id uuid, event_id text, event_type text, journey text, source_type text, source_key text, points integer, occurred_at timestamptz)
  ), profile_totals AS (
    UPDATE profiles p SET total_points = x.total_points, updated_at = now()
    FROM unnest($5::uuid[], $6::integer[]) AS x(user_id, total_points) WHERE p.user_id = x.user_id
  ), usage AS (
    INSERT INTO rule_usage (user_id, rule_id, period_key, uses, points)
    SELECT user_id, rule_id, period_key, uses, points FROM jsonb_to_recordset($7::jsonb) AS x(user_id uuid, rule_id text, period_key text, uses integer, points integer)
    ON CONFLICT (user_id, rule_id, period_key) DO UPDATE SET uses = rule_usage.uses + 1, points = rule_usage.points + EXCLUDED.points
  ), achievements AS (
    INSERT INTO user_achievements (user_id, achievement_key, progress, streak_last_day, unlocked_at, times_earned, goal)
    SELECT user_id, achievement_key, progress, streak_last_day, unlocked_at, times_earned, goal FROM jsonb_to_recordset($8::jsonb)
      AS x(user_id uuid, achievement_key text, progress integer, streak_last_day text, unlocked_at timestamptz, times_earned integer, goal jsonb)
    ON CONFLICT (user_id, achievement_key) DO UPDATE SET progress = user_achievements.progress + 1, updated_at = now()
  ), streaks AS (
    INSERT INTO user_streaks (user_id, streak_key, state, next_check_at)
    SELECT user_id, streak_key, state, next_check_at FROM jsonb_to_recordset($9::jsonb) AS x(user_id uuid, streak_key text, state jsonb, next_check_at timestamptz)
    ON CONFLICT (user_id, streak_key) DO UPDATE SET state = EXCLUDED.state, next_check_at = EXCLUDED.next_check_at, updated_at = now()
  ), coins AS (
    INSERT INTO coin_ledger (user_id, event_id, amount, reason, source_type, source_key, remaining, expires_at)
    SELECT user_id, event_id, amount, reason, source_type, source_key, remaining, expires_at FROM jsonb_to_recordset($10::jsonb)
      AS x(user_id uuid, event_id text, amount integer, reason text, source_type text, source_key text, remaining integer, expires_at timestamptz)
  )
  SELECT id::text AS id FROM queued`;

/** The engine's own migrations (month partitions and all), as `bench:worker` runs them. */
async function migrate(url: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/main.js'), 'migrate'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      JWT_SECRET: 'bench-only-secret-0123456789abcdef',
      MEMBER_DATA_KEY: 'bench-only-member-data-key-0123456789',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`migrate exited with code ${String(code)}`);
}

runMain(main);
