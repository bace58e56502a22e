/**
 * `npm run bench:leaderboard`: leaderboards at scale, through GraphQL.
 *
 * 1. Bulk-inserts BENCH_PROFILES members (default 1,000,000) straight into PostgreSQL with SQL
 *    (`generate_series`): one ledger line each (random journey, 1-5,000 points, an event time in
 *    the last 30 days, whole seconds) and the matching profile. Going through the engine would
 *    take the worker benchmark's time for nothing: the boards only read the ledger.
 * 2. Runs `leaderboard rebuild`'s code (LeaderboardRebuild) to fill the Redis sorted sets from that
 *    ledger, and reports how long it took.
 * 3. Starts `serve` (built binary, Redis leaderboards) and measures one GraphQL request asking for
 *    the overall top 100 and one random member's rank (`leaderboard(limit: 100)` + `myRank`),
 *    at 1, 4 and 16 connections for BENCH_SECONDS (default 10) each. Target: p99 < 5 ms.
 * 4. Checks a few members' rank and points against the SQL reader (PostgreSQL, source of truth).
 *
 * Redis: REDIS_URL (default the local server), or a Redis Cluster with REDIS_CLUSTER_NODES=host:port,...
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { once } from 'node:events';
import { Cluster } from 'ioredis';
import { LeaderboardPeriod } from '../src/leaderboards/leaderboard';
import { SqlLeaderboardReader } from '../src/leaderboards/sql-leaderboard';
import { LeaderboardKeys } from '../src/leaderboards/leaderboard-keys';
import { LeaderboardRebuild } from '../src/leaderboards/leaderboard-rebuild';
import { defineLeaderboardScripts } from '../src/leaderboards/redis-leaderboard-scripts';
import { loadConfig } from '../src/platform/config';
import { databaseOptionsFrom, openDatabase } from '../src/platform/database';
import { createLogger } from '../src/platform/logger';
import { createRedisClient, redisEndpoint, scanKeys, type RedisClient } from '../src/platform/redis';
import { graphql } from '../test/support/graphql-client';
import { createTestDatabase } from '../test/support/test-database';
import { adminToken } from '../test/support/tokens';
import { graphqlLoad, loadTable, startApiProcess, type LoadResult } from './http-load';
import { machineState } from './machine-state';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** `host:port,...`: run against a Redis Cluster instead of REDIS_URL. */
const REDIS_CLUSTER_NODES = process.env.REDIS_CLUSTER_NODES ?? '';
const BOARD_AND_RANK = `query BoardAndRank($userId: ID!) {
  leaderboard(limit: 100) { periodKey entries { rank userId points } }
  myRank(userId: $userId) { rank points }
}`;

async function main(): Promise<void> {
  const profiles = Number(process.env.BENCH_PROFILES ?? 1_000_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const prefix = `bench-lb-${randomUUID().slice(0, 8)}`;
  const database = await createTestDatabase('bench_leaderboard');
  const redisSettings = { REDIS_URL, REDIS_CLUSTER_NODES };
  const config = loadConfig({ DATABASE_URL: database.url, ...redisSettings, CHANNEL_PREFIX: prefix, LOG_LEVEL: 'warn', NODE_ENV: 'test', JWT_SECRET: 'unused-by-this-process' });
  const logger = createLogger('warn');
  const engineDatabase = await openDatabase(databaseOptionsFrom(config, 'bench-leaderboard'));
  await engineDatabase.runMigrations();
  const redis = defineLeaderboardScripts(createRedisClient(redisEndpoint(config)!, logger));
  if (redis.status !== 'ready') await once(redis, 'ready');
  const keys = new LeaderboardKeys(prefix, config.TIMEZONE, config.LEADERBOARD_RETENTION_DAYS);
  let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  try {
    let started = Date.now();
    await bulkInsert(database.query.bind(database), profiles);
    log(`inserted ${profiles.toLocaleString('en-US')} ledger lines and profiles in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    started = Date.now();
    const rebuild = await new LeaderboardRebuild(engineDatabase, redis, keys, config.TIMEZONE, logger).run();
    const memory = await usedMemory(redis);
    log(`rebuild: ${rebuild.boards} boards, ${rebuild.entries.toLocaleString('en-US')} entries in ${rebuild.seconds.toFixed(1)} s (Redis used_memory ${memory})`);

    const machine = await machineState(database.url);
    log(machine);
    // The admin token's read budget (READ_RATE_LIMIT_ADMIN, 3,000 a minute) would turn a fast run into 429s: off here.
    api = await startApiProcess(
      { DATABASE_URL: database.url, ...redisSettings, CHANNEL_PREFIX: prefix, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', READ_RATE_LIMIT_ADMIN: '0' },
      `${os.tmpdir()}/bench-leaderboard-${process.pid}.log`,
    );
    const admin = await adminToken();
    const bodies = Array.from({ length: 20_000 }, () => JSON.stringify({ query: BOARD_AND_RANK, variables: { userId: memberId(1 + Math.floor(Math.random() * profiles)) } }));
    await checkAgainstDatabase(api.url, admin, new SqlLeaderboardReader(engineDatabase, config.TIMEZONE), profiles);

    await graphqlLoad({ serverPid: api.child.pid, label: 'warm-up', url: api.url, token: admin, bodies, connections: 4, seconds: 3 });
    const results: LoadResult[] = [];
    for (const connections of [1, 4, 16]) {
      results.push(await graphqlLoad({ serverPid: api.child.pid, label: 'top 100 + myRank', url: api.url, token: admin, bodies, connections, seconds }));
      log(loadTable(results.slice(-1)).split('\n')[2]);
    }
    process.stdout.write(
      [
        '',
        `Leaderboards at scale: ${profiles.toLocaleString('en-US')} members, ${os.cpus().length} cores; before the load runs: ${machine}`,
        '',
        '| step | figure |',
        '|---|---:|',
        `| bulk insert (SQL) | ${profiles.toLocaleString('en-US')} ledger lines + profiles |`,
        `| \`leaderboard rebuild\` | ${rebuild.seconds.toFixed(1)} s, ${rebuild.boards} boards, ${rebuild.entries.toLocaleString('en-US')} entries |`,
        `| Redis memory after rebuild | ${memory} |`,
        '',
        loadTable(results),
        '',
      ].join('\n'),
    );
  } finally {
    await api?.stop();
    for (const key of await scanKeys(redis, `${prefix}:*`)) await redis.unlink(key);
    redis.disconnect();
    await engineDatabase.close();
    await database.drop();
  }
}

/** Member n's id: deterministic, so the bench can name members the SQL generated. */
function memberId(n: number): string {
  const hex = createHash('md5').update(String(n)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function bulkInsert(query: (sql: string, params?: unknown[]) => Promise<unknown[]>, profiles: number): Promise<void> {
  await query(
    `INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at)
     SELECT md5(g::text)::uuid, 'bench-' || g,
            (ARRAY['HEALTH_METRIC_RECORDED','APPOINTMENT_ATTENDED','CLAIM_SUBMITTED','DAILY_LOGIN'])[1 + g % 4],
            (ARRAY['health','care','plan','user'])[1 + g % 4], 'rule', 'bench', 1 + (hashint4(g) & 2147483647) % 5000,
            date_trunc('second', now() - (hashint4(g + 7) & 2147483647) % (30 * 86400) * interval '1 second')
     FROM generate_series(1, $1::int) AS g`,
    [profiles],
  );
  await query(
    `INSERT INTO profiles (user_id, total_points, level, points_reached_at)
     SELECT user_id, sum(points), 1, max(occurred_at) FROM points_ledger GROUP BY user_id`,
  );
  await query('ANALYZE points_ledger');
  await query('ANALYZE profiles');
}

/** used_memory of the server, or summed over a cluster's masters. */
async function usedMemory(redis: RedisClient): Promise<string> {
  let bytes = 0;
  for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) bytes += Number(/used_memory:(\d+)/.exec(await node.info('memory'))?.[1] ?? 0);
  return `${(bytes / 1024 / 1024).toFixed(2)}M`;
}

/** Redis (through GraphQL) and the SQL reader agree on a few members' rank and points. */
async function checkAgainstDatabase(url: string, token: string, sql: SqlLeaderboardReader, profiles: number): Promise<void> {
  for (const n of [1, Math.floor(profiles / 2), profiles]) {
    const userId = memberId(n);
    const response = await graphql(url, BOARD_AND_RANK, { userId }, token);
    const expected = await sql.rankOf(userId, { period: LeaderboardPeriod.ALL_TIME });
    const actual = response.data?.myRank as { rank: number; points: number } | null;
    const agree = actual?.rank === expected?.rank && actual?.points === expected?.points;
    log(`member ${n}: Redis rank ${actual?.rank} / ${actual?.points} points, PostgreSQL rank ${expected?.rank} / ${expected?.points} points: ${agree ? 'agree' : 'DIFFER'}`);
    if (!agree) throw new Error('the Redis board disagrees with the ledger');
  }
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
