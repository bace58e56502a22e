/**
 * `npm run bench:realtime`: live delivery of notifications to many WebSocket subscribers.
 *
 * Starts `serve` from the built binary as its own process (real PostgreSQL, Redis pub/sub, the
 * outbox relay inside it) on a fresh database, opens BENCH_SUBSCRIBERS graphql-ws connections
 * (default 5,000), each subscribed to `pointsAwarded` of its own member, then records events
 * for those members over HTTP at BENCH_RATE events/s (default 1,000; CLAIM_SUBMITTED, 15 points,
 * uncapped, so every event notifies its subscriber once) for BENCH_SECONDS (default 20).
 *
 * Latency = client receive time − the payload's `awardedAt`, the engine's clock read just before
 * it writes the batch (same machine, same clock): it includes the rest of the transaction and
 * the commit, so it is an upper bound of commit-to-client. A Redis PSUBSCRIBE on the bench's
 * channels splits it: commit → published on Redis (the relay) and the rest (the API node's
 * fan-out to the WebSocket and the client). Reports messages/s, completeness (each committed
 * event delivered exactly once) and the API process's resident memory.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { EventType } from '../src/engine/contract';
import { createTestEvent } from '../src/kit';
import { eventually } from '../test/support/spawn-process';
import { activeSubscriptions } from '../test/support/subscriptions';
import { createTestDatabase } from '../test/support/test-database';
import { serviceToken, userToken } from '../test/support/tokens';
import { startApiProcess } from './http-load';

const RECORD = 'mutation R($event: RecordEventInput!) { recordEvent(event: $event) { eventId pointsAwarded } }';
const SUBSCRIBE = 'subscription P($userId: ID!) { pointsAwarded(userId: $userId) { eventId awardedAt } }';
const CONNECT_CONCURRENCY = 250;

interface Delivery {
  eventId: string;
  latencyMs: number;
  receivedAt: number;
}

async function main(): Promise<void> {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
  const rate = Number(process.env.BENCH_RATE ?? 1_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const members = Array.from({ length: subscribers }, () => randomUUID());
  const database = await createTestDatabase('bench_realtime');
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CHANNEL_PREFIX: `bench-rt-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    RECORD_EVENT_RATE_LIMIT: '0',
  };
  const logFile = `${os.tmpdir()}/bench-realtime-${process.pid}.log`;
  const api = await startApiProcess(env, logFile);
  const committedEvents = async () => Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events'))[0].n);
  const clients: Client[] = [];
  try {
    log(`API ${api.url} (log: ${logFile})`);
    const rssIdle = rssMiB(api.child.pid!);
    const deliveries: Delivery[] = [];
    const started = Date.now();
    for (let first = 0; first < members.length; first += CONNECT_CONCURRENCY) {
      const batch = members.slice(first, first + CONNECT_CONCURRENCY);
      clients.push(...(await Promise.all(batch.map((userId) => subscribe(api.url, userId, deliveries)))));
    }
    await eventually(async () => (await activeSubscriptions(api.url, 'pointsAwarded')) === subscribers, 120_000, 250);
    const rssSubscribed = rssMiB(api.child.pid!);
    log(`${subscribers} subscribers live in ${((Date.now() - started) / 1000).toFixed(1)} s; API RSS ${rssSubscribed} MiB (idle ${rssIdle} MiB)`);

    const service = await serviceToken();
    await record(api.url, service, members, Math.min(rate, 200), 2); // warm-up
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    deliveries.length = 0;
    const relayed = await watchRedis(env.REDIS_URL, env.CHANNEL_PREFIX);
    const committedBefore = await committedEvents();

    let rssPeak = rssSubscribed;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(api.child.pid!))), 250);
    const load = await record(api.url, service, members, rate, seconds);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearInterval(sampler);
    relayed.stop();

    // Counted in the database: autocannon's clock stops with requests in flight that still commit.
    const recorded = (await committedEvents()) - committedBefore;
    const unique = new Set(deliveries.map((d) => d.eventId));
    const latencies = sorted(deliveries.map((d) => d.latencyMs));
    const relayLatencies = sorted(relayed.latencies);
    const window = (deliveries.at(-1)!.receivedAt - deliveries[0].receivedAt) / 1000;
    const row = [
      subscribers.toLocaleString('en-US'),
      rate.toLocaleString('en-US'),
      recorded.toLocaleString('en-US'),
      deliveries.length.toLocaleString('en-US'),
      String(recorded - unique.size),
      String(deliveries.length - unique.size),
      Math.round(deliveries.length / window).toLocaleString('en-US'),
      ...[50, 95, 99].map((p) => String(percentile(latencies, p))),
      String(latencies.at(-1)),
      [50, 95, 99].map((p) => percentile(relayLatencies, p)).join(' / '),
      `${rssIdle} / ${rssSubscribed} / ${rssPeak}`,
      load.p99.toFixed(1),
    ];
    process.stdout.write(
      [
        '',
        `Realtime delivery, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${seconds} s at ${rate} events/s; API: ${Object.entries(env).filter(([name]) => !['DATABASE_URL', 'CHANNEL_PREFIX'].includes(name)).map(([n, v]) => `${n}=${v}`).join(' ')}`,
        '',
        '| subscribers | events/s offered | events committed | notifications received | missing | repeats | messages/s | p50 ms | p95 ms | p99 ms | max ms | of which commit → Redis p50 / p95 / p99 | API RSS MiB idle / subscribed / peak | recordEvent p99 ms |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
        `| ${row.join(' | ')} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await api.stop();
    await database.drop();
  }
}

async function subscribe(baseUrl: string, userId: string, deliveries: Delivery[]): Promise<Client> {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${await userToken(userId)}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (error) => log(`connection failed: ${String(error)}`),
  });
  client.subscribe<{ pointsAwarded: { eventId: string; awardedAt: string } }>(
    { query: SUBSCRIBE, variables: { userId } },
    {
      next: ({ data }) => {
        const receivedAt = Date.now();
        if (data) deliveries.push({ eventId: data.pointsAwarded.eventId, latencyMs: receivedAt - Date.parse(data.pointsAwarded.awardedAt), receivedAt });
      },
      error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
      complete: () => undefined,
    },
  );
  return client;
}

/** Records CLAIM_SUBMITTED events for the members in turn at a fixed overall rate (autocannon). */
async function record(url: string, token: string, members: readonly string[], rate: number, seconds: number): Promise<{ p99: number }> {
  let next = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: 64,
    overallRate: rate,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const userId = members[next++ % members.length];
          const event = { ...createTestEvent(EventType.CLAIM_SUBMITTED, { userId }), version: undefined, timestamp: undefined };
          return { ...request, body: JSON.stringify({ query: RECORD, variables: { event } }) };
        },
      },
    ],
  });
  return { p99: result.latency.p99 };
}

/** Timestamps every pointsAwarded the relay publishes on the bench's channels (commit → Redis). */
async function watchRedis(url: string, prefix: string): Promise<{ latencies: number[]; stop(): void }> {
  const latencies: number[] = [];
  const redis = new Redis(url);
  redis.on('pmessage', (_pattern, _channel, message: string) => {
    const receivedAt = Date.now();
    latencies.push(receivedAt - Date.parse((JSON.parse(message) as { payload: { awardedAt: string } }).payload.awardedAt));
  });
  await redis.psubscribe(`${prefix}:user:*:POINTS_AWARDED`);
  return { latencies, stop: () => redis.disconnect() };
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function percentile(values: readonly number[], p: number): number {
  return values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function log(message: string): void {
  process.stderr.write(`[bench:realtime] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
