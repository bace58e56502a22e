/**
 * `npm run bench:api`: the GraphQL API under load, on real PostgreSQL (and Redis), over HTTP.
 *
 * Starts `serve` from the built binary as its own process on a fresh database, then drives it
 * with the keep-alive load client of http-load.ts at fixed concurrencies (connections, one request in flight each):
 *   1. `recordEvent` (service token) with a new event per request, over BENCH_USERS members
 *      (default 10,000) and every event type, at each of BENCH_CONNECTIONS (default 8,16,32,64);
 *   2. `profile(userId)` of a random member;
 *   3. `leaderboard(limit: 10)` (ALL_TIME, overall);
 *   4. `publicLeaderboard(limit: 10)` as a member (display names, the member's own line), with
 *      1 % of the members hidden and 1 % under chosen names.
 * BENCH_QUERIES=0 skips the query runs (e.g. to profile recordEvent alone).
 * Each run lasts BENCH_SECONDS (default 10). After the recordEvent runs it checks that every
 * 2xx response committed exactly one event. API settings pass through from the environment
 * (LOG_LEVEL, GROUP_COMMIT_WINDOW_MS, GROUP_COMMIT_MAX_BATCH, GROUP_COMMIT_MAX_IN_FLIGHT, DATABASE_POOL_SIZE, REDIS_URL...).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createTestDatabase } from '../test/support/test-database';
import { Scrape } from '../test/support/prometheus-text';
import { graphql } from '../test/support/graphql-client';
import { adminToken, serviceToken, userToken } from '../test/support/tokens';
import { profileBodies, recordEventBodies } from './event-bodies';
import { graphqlLoad, loadTable, startApiProcess, type LoadResult } from './http-load';
import { machineState } from './machine-state';
import { forgetRedisKeys } from './redis-keys';

const PASS_THROUGH = [
  'LOG_LEVEL',
  'GROUP_COMMIT_WINDOW_MS',
  'GROUP_COMMIT_MAX_BATCH',
  'GROUP_COMMIT_MAX_IN_FLIGHT',
  'DATABASE_POOL_SIZE',
  'REDIS_URL',
  'NODE_OPTIONS',
  'RECORD_EVENT_RATE_LIMIT',
  'READ_RATE_LIMIT_ADMIN',
  'READ_RATE_LIMIT',
];
const LEADERBOARD = 'query Top { leaderboard(limit: 10) { periodKey entries { rank userId points } } }';
const PUBLIC_LEADERBOARD = 'query Public { publicLeaderboard(limit: 10) { periodKey entries { rank displayName points level isMe } me { rank displayName points level } } }';

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const users = Array.from({ length: Number(process.env.BENCH_USERS ?? 10_000) }, () => randomUUID());
  const connectionSteps = (process.env.BENCH_CONNECTIONS ?? '8,16,32,64').split(',').filter(Boolean).map(Number);
  const queryConnectionSteps = (process.env.BENCH_QUERY_CONNECTIONS ?? '16,32').split(',').map(Number);
  const database = await createTestDatabase('bench_api');
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    CHANNEL_PREFIX: `bench-api-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'info',
    // The admin token's queries run thousands a second: a budget that measures the read limiter without refusing.
    READ_RATE_LIMIT_ADMIN: '1000000000',
    // publicLeaderboard runs as one member: its per-member budget would refuse nearly all of them.
    READ_RATE_LIMIT: '1000000000',
    ...Object.fromEntries(PASS_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))),
  };
  const before = await machineState(database.url);
  log(before);
  const logFile = `${os.tmpdir()}/bench-api-${process.pid}.log`;
  // BENCH_API_PROCESSES > 1 runs that many `serve` processes (one per core is how Node scales on a
  // machine); the load is split evenly across them, as a load balancer would.
  const apiProcesses = Number(process.env.BENCH_API_PROCESSES ?? 1);
  const nodes = [await startApiProcess(env, logFile)];
  for (let index = 1; index < apiProcesses; index += 1) nodes.push(await startApiProcess(env, logFile.replace('.log', `-${index}.log`)));
  const api = { url: nodes[0].url, urls: nodes.map((node) => node.url), pids: nodes.map((node) => node.child.pid), stop: () => Promise.all(nodes.map((node) => node.stop())) };
  const results: LoadResult[] = [];
  try {
    const service = await serviceToken();
    const admin = await adminToken();
    const events = recordEventBodies(users, 400_000);
    const record = (label: string, connections: number, runSeconds: number) =>
      graphqlLoad({ serverPid: api.pids, label, url: api.urls, token: service, bodies: events.next(runSeconds * 8_000), connections, seconds: runSeconds });

    log(`API ${api.url} (log: ${logFile}); warming up`);
    await record('warm-up', 16, 3);
    await settle();
    const before = await committed(database.query.bind(database));
    let accepted = 0;
    for (const connections of connectionSteps) {
      const scraped = await Scrape.of(api.url);
      const result = await record('recordEvent', connections, seconds);
      accepted += result.requests - result.non2xx;
      results.push(result);
      await settle();
      log(`${loadTable([result]).split('\n')[2]} ${engineFigures(scraped, await Scrape.of(api.url))}`);
    }
    const stored = (await committed(database.query.bind(database))) - before;
    // A run's clock stops with requests in flight: the server still commits them, uncounted.
    const inFlightAtStops = connectionSteps.reduce((sum, connections) => sum + connections, 0);
    const consistent = stored >= accepted && stored - accepted <= inFlightAtStops;
    log(`2xx responses: ${accepted}, events committed: ${stored} (${consistent ? 'consistent' : 'INCONSISTENT'}: at most ${inFlightAtStops} were in flight when runs stopped)`);

    const profiles = profileBodies(users.slice(0, 5_000));
    const leaderboardBodies = [JSON.stringify({ query: LEADERBOARD })];
    const publicBodies = [JSON.stringify({ query: PUBLIC_LEADERBOARD })];
    if (process.env.BENCH_QUERIES !== '0') await hideAndName(api.url, users, admin);
    const member = await userToken(users[users.length - 1]);
    for (const connections of process.env.BENCH_QUERIES === '0' ? [] : queryConnectionSteps) {
      results.push(await graphqlLoad({ serverPid: api.pids, label: 'profile', url: api.urls, token: admin, bodies: profiles, connections, seconds }));
      log(loadTable(results.slice(-1)).split('\n')[2]);
      results.push(await graphqlLoad({ serverPid: api.pids, label: 'leaderboard top 10', url: api.urls, token: admin, bodies: leaderboardBodies, connections, seconds }));
      log(loadTable(results.slice(-1)).split('\n')[2]);
      results.push(await graphqlLoad({ serverPid: api.pids, label: 'publicLeaderboard top 10', url: api.urls, token: member, bodies: publicBodies, connections, seconds }));
      log(loadTable(results.slice(-1)).split('\n')[2]);
    }
  } finally {
    await api.stop();
    await database.drop();
    await forgetRedisKeys(env.REDIS_URL, env.CHANNEL_PREFIX);
  }
  const settings = Object.entries(env)
    .filter(([name]) => !['DATABASE_URL', 'CHANNEL_PREFIX'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  process.stdout.write(
    `\nAPI load, ${os.cpus().length} cores, ${apiProcesses} API process(es), ${seconds} s per run, ${users.length} members; ${settings}\nbefore: ${before}\n\n${loadTable(results)}\n`,
  );
}

/** Hides every 100th member and names every 100th (offset by 50), as members would through the API. */
async function hideAndName(url: string, users: readonly string[], admin: string): Promise<void> {
  for (let index = 0; index < users.length; index += 100) {
    const hidden = await graphql(url, 'mutation($u: ID!) { setLeaderboardVisibility(userId: $u, visibility: HIDDEN) { leaderboardVisibility } }', { u: users[index] }, admin);
    const named = await graphql(
      url,
      'mutation($u: ID!, $n: String) { setDisplayName(userId: $u, displayName: $n) { displayName } }',
      { u: users[index + 50], n: `Runner ${index}` },
      admin,
    );
    if (hidden.errors || named.errors) throw new Error(JSON.stringify(hidden.errors ?? named.errors));
  }
}

/** What the engine saw during a run: events per transaction and time per transaction. */
function engineFigures(before: Scrape, after: Scrape): string {
  const batches = after.delta(before, 'gamification_batch_size_count', { source: 'api' });
  const events = after.delta(before, 'gamification_batch_size_sum', { source: 'api' });
  const seconds = after.delta(before, 'gamification_event_processing_seconds_sum', { source: 'api' });
  return `(engine: ${(events / batches).toFixed(1)} events per transaction, ${((seconds / batches) * 1000).toFixed(1)} ms per transaction)`;
}

/** Lets requests still in flight when a run stopped finish before counting. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

async function committed(query: (sql: string) => Promise<{ n: string }[]>): Promise<number> {
  return Number((await query('SELECT count(*) AS n FROM processed_events'))[0].n);
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
