/**
 * `npm run bench:realtime`: live delivery of notifications to many WebSocket subscribers.
 *
 * Starts `serve` from the built binary as its own process (real PostgreSQL, Redis pub/sub, the
 * outbox relay inside it) on a fresh database, opens BENCH_SUBSCRIBERS graphql-ws connections
 * (default 5,000), each subscribed to `pointsAwarded` of its own member, then records events
 * for those members over HTTP at BENCH_RATE events/s (default 1,000; CLAIM_SUBMITTED, 15 points,
 * uncapped, so every event notifies its subscriber once) for BENCH_SECONDS (default 20).
 * BENCH_RECORD_ON=separate records through a second API process instead (its relay off, so the
 * subscribers' node relays, woken by NOTIFY): the subscribers' node then only fans out.
 *
 * No timestamp is taken at the commit itself, so latency is bracketed (same machine, one clock):
 * - upper bound: client receive − the payload's `awardedAt`, which the engine reads just before
 *   it writes the batch, so it also counts the batch's writes and the commit;
 * - commit → client: client receive − receipt of that event's recordEvent response, which the
 *   API sends right after the commit (negative when the notification wins the race).
 * A Redis PSUBSCRIBE on the bench's channels also times `awardedAt` → published on Redis.
 * Reports messages/s, completeness (each committed event delivered exactly once) and the API
 * process's resident memory.
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
import { machineState } from './machine-state';

const RECORD = 'mutation R($event: RecordEventInput!) { recordEvent(event: $event) { eventId pointsAwarded } }';
const SUBSCRIBE = 'subscription P($userId: ID!) { pointsAwarded(userId: $userId) { eventId awardedAt } }';
const CONNECT_CONCURRENCY = 250;

/** Per event: when the bench sent it, got its response, saw it on Redis and at its subscriber, and its awardedAt. */
interface Timeline {
  sentAt: number;
  respondedAt?: number;
  awardedAt?: number;
  onRedisAt?: number;
  receivedAt?: number;
  deliveries: number;
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
  const separate = process.env.BENCH_RECORD_ON === 'separate';
  const recorder = separate ? await startApiProcess({ ...env, OUTBOX_RELAY: 'false' }, `${os.tmpdir()}/bench-realtime-recorder-${process.pid}.log`) : api;
  const clients: Client[] = [];
  const events = new Map<string, Timeline>();
  let redis: Redis | undefined;
  try {
    log(`API ${api.url} (log: ${logFile})`);
    const rssIdle = rssMiB(api.child.pid!);
    const started = Date.now();
    for (let first = 0; first < members.length; first += CONNECT_CONCURRENCY) {
      const batch = members.slice(first, first + CONNECT_CONCURRENCY);
      clients.push(...(await Promise.all(batch.map((userId) => subscribe(api.url, userId, events)))));
    }
    await eventually(async () => (await activeSubscriptions(api.url, 'pointsAwarded')) === subscribers, 120_000, 250);
    const rssSubscribed = rssMiB(api.child.pid!);
    const heapSubscribed = await heapUsedMiB(api.url);
    log(`${subscribers} subscribers live in ${((Date.now() - started) / 1000).toFixed(1)} s; API RSS ${rssSubscribed} MiB (idle ${rssIdle} MiB)`);

    const service = await serviceToken();
    const sender = new PacedSender(recorder.url, service, members, events);
    await sender.run(Math.min(rate, 200), 2); // warm-up
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    events.clear();
    sender.failures = 0;
    redis = await watchRedis(env.REDIS_URL, env.CHANNEL_PREFIX, events);
    const committedBefore = await committedEvents(database.query.bind(database));

    let rssPeak = rssSubscribed;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(api.child.pid!))), 250);
    await sender.run(rate, seconds);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearInterval(sampler);
    const rssAfter = rssMiB(api.child.pid!);
    const heapAfter = await heapUsedMiB(api.url);

    const committed = (await committedEvents(database.query.bind(database))) - committedBefore;
    const machine = await machineState(database.url);
    const timelines = [...events.values()];
    const delivered = timelines.filter((t) => t.receivedAt !== undefined);
    const receivedTimes = delivered.map((t) => t.receivedAt!).sort((a, b) => a - b);
    const messagesPerSecond = delivered.length / ((receivedTimes.at(-1)! - receivedTimes[0]) / 1000);
    const spread = (values: number[]) => {
      const ordered = [...values].sort((a, b) => a - b);
      return [50, 95, 99].map((p) => ordered[Math.min(ordered.length - 1, Math.floor((p / 100) * ordered.length))]).join(' / ');
    };
    const columns: [string, string][] = [
      ['subscribers', subscribers.toLocaleString('en-US')],
      ['events/s offered', rate.toLocaleString('en-US')],
      ['events committed', committed.toLocaleString('en-US')],
      ['notified', delivered.length.toLocaleString('en-US')],
      ['missing', String(committed - delivered.length)],
      ['recordEvent failures', String(sender.failures)],
      ['repeats', String(timelines.reduce((sum, t) => sum + Math.max(0, t.deliveries - 1), 0))],
      ['messages/s', Math.round(messagesPerSecond).toLocaleString('en-US')],
      ['commit → client ms p50 / p95 / p99', spread(delivered.filter((t) => t.respondedAt !== undefined).map((t) => t.receivedAt! - t.respondedAt!))],
      ['awardedAt → client ms p50 / p95 / p99 (upper bound)', spread(delivered.map((t) => t.receivedAt! - t.awardedAt!))],
      ['awardedAt → Redis ms p50 / p95 / p99', spread(timelines.filter((t) => t.onRedisAt !== undefined && t.awardedAt !== undefined).map((t) => t.onRedisAt! - t.awardedAt!))],
      ['recordEvent ms p50 / p95 / p99', spread(timelines.filter((t) => t.respondedAt !== undefined).map((t) => t.respondedAt! - t.sentAt))],
      ['API RSS MiB idle / subscribed / peak / after', `${rssIdle} / ${rssSubscribed} / ${rssPeak} / ${rssAfter}`],
      ['API heap used MiB subscribed / after', `${heapSubscribed} / ${heapAfter}`],
    ];
    process.stdout.write(
      [
        '',
        `Realtime delivery, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${seconds} s at ${rate} events/s; API: ${Object.entries(env)
          .filter(([name]) => !['DATABASE_URL', 'CHANNEL_PREFIX'].includes(name))
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')}`,
        `Recorded through ${separate ? 'a second API process (relay off)' : 'the subscribers\' API process'}. Machine after the run: ${machine}`,
        '',
        `| ${columns.map(([name]) => name).join(' | ')} |`,
        `|${columns.map(() => '---').join('|')}|`,
        `| ${columns.map(([, value]) => value).join(' | ')} |`,
        '',
      ].join('\n'),
    );
  } finally {
    redis?.disconnect();
    await Promise.all(clients.map((client) => client.dispose()));
    if (recorder !== api) await recorder.stop();
    await api.stop();
    await database.drop();
  }
}

async function subscribe(baseUrl: string, userId: string, events: Map<string, Timeline>): Promise<Client> {
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
        const timeline = data && events.get(data.pointsAwarded.eventId);
        if (!timeline) return;
        timeline.receivedAt ??= Date.now();
        timeline.awardedAt = Date.parse(data.pointsAwarded.awardedAt);
        timeline.deliveries++;
      },
      error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
      complete: () => undefined,
    },
  );
  return client;
}

/**
 * Sends recordEvent (CLAIM_SUBMITTED for the members in turn) at a fixed overall rate with
 * autocannon (256 kept-alive connections, so that slow answers do not lower the offered rate), noting when each event went out and when its answer came back.
 */
class PacedSender {
  private next = 0;
  /** Requests that got no 2xx answer (they may still have committed; completeness is counted in the database). */
  failures = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly members: readonly string[],
    private readonly events: Map<string, Timeline>,
  ) {}

  async run(rate: number, seconds: number): Promise<void> {
    const result = await autocannon({
      url: `${this.url}/graphql`,
      connections: 256,
      overallRate: rate,
      duration: seconds,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const userId = this.members[this.next++ % this.members.length];
            const id = randomUUID();
            this.events.set(id, { sentAt: Date.now(), deliveries: 0 });
            const event = { ...createTestEvent(EventType.CLAIM_SUBMITTED, { userId, id }), version: undefined, timestamp: undefined };
            return { ...request, body: JSON.stringify({ query: RECORD, variables: { event } }) };
          },
          onResponse: (status, body) => {
            const eventId = status === 200 ? (JSON.parse(body) as { data?: { recordEvent?: { eventId: string } } }).data?.recordEvent?.eventId : undefined;
            const timeline = eventId === undefined ? undefined : this.events.get(eventId);
            if (timeline) timeline.respondedAt = Date.now();
          },
        },
      ],
    });
    this.failures += result.non2xx + result.errors + result.timeouts;
  }
}

/** Times every pointsAwarded the relay publishes on the bench's channels. */
async function watchRedis(url: string, prefix: string, events: Map<string, Timeline>): Promise<Redis> {
  const redis = new Redis(url);
  redis.on('pmessage', (_pattern, _channel, message: string) => {
    const timeline = events.get((JSON.parse(message) as { eventId: string }).eventId);
    if (timeline) timeline.onRedisAt ??= Date.now();
  });
  await redis.psubscribe(`${prefix}:user:*:POINTS_AWARDED`);
  return redis;
}

async function committedEvents(query: (sql: string) => Promise<{ n: string }[]>): Promise<number> {
  return Number((await query('SELECT count(*) AS n FROM processed_events'))[0].n);
}

/** The API's V8 heap in use, from its /metrics (prom-client's default metrics). */
async function heapUsedMiB(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /^gamification_nodejs_heap_size_used_bytes (\d+)/m.exec(text);
  return match ? Math.round(Number(match[1]) / 2 ** 20) : NaN;
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
