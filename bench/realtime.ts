/**
 * `npm run bench:realtime`: live delivery of notifications to many WebSocket subscribers.
 *
 * Starts `serve` from the built binary as its own process (real PostgreSQL, Redis pub/sub, the
 * outbox relay inside it) on a fresh database, opens BENCH_SUBSCRIBERS graphql-ws connections
 * (default 5,000), each subscribed to `pointsAwarded` of its own member, then records events
 * for those members at BENCH_RATE events/s (default 1,000; CLAIM_SUBMITTED, 15 points,
 * uncapped, so every event notifies its subscriber once) for BENCH_SECONDS (default 20).
 * BENCH_RECORD_ON chooses who records them:
 * - `kafka` (default): produced to the plan topic and recorded by a `worker` process, the way
 *   back ends send events in production. WORKER_* variables pass through to it;
 * - `api`: recordEvent over HTTP on the subscribers' own API process;
 * - `separate`: recordEvent over HTTP on a second API process.
 * BENCH_RELAY_ON chooses where the outbox relay runs: `recorder` (default; the recording
 * process, woken in-process by its own commits, with the subscribers' node only fanning out, as
 * docs/realtime.md advises) or `api` (the subscribers' node, woken by NOTIFY). With
 * BENCH_RECORD_ON=api both are the one process.
 *
 * Commit time: the bench LISTENs on the engine's NOTIFY channel, whose payload is the batch's
 * `committedAt` (= the notifications' `awardedAt`); PostgreSQL delivers it when the batch
 * commits. So, on one clock:
 * - commit → client: client receive − receipt of its batch's NOTIFY;
 * - upper bound: client receive − `awardedAt`, read just before the batch's writes;
 * - awardedAt → Redis: a PSUBSCRIBE on the bench's channels;
 * - sent → commit: the request (or Kafka send) − its batch's NOTIFY.
 * Reports messages/s, completeness (each committed event delivered exactly once) and the API
 * process's resident memory.
 *
 * BENCH_WEBHOOKS=N (default 0) also registers N webhook endpoints for every notification kind,
 * served by a child process (bench/webhook-receivers.ts) that verifies each signature; the
 * dispatcher runs with the relay. Adds deliveries/s per endpoint, commit → endpoint latency
 * (the commit's NOTIFY receipt to the endpoint's receipt, by `awardedAt`), completeness and
 * signature failures. BENCH_POISONED_WEBHOOKS=N more endpoints never answer, to measure that a
 * poisoned endpoint does not delay the healthy ones.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { EventType, journeyOfType } from '../src/contract';
import { OUTBOX_CHANNEL } from '../src/engine/store/postgres-engine-store';
import { createTestEvent } from '../src/kit';
import { loadConfig } from '../src/platform/config';
import { Metrics } from '../src/platform/metrics';
import { retrySettingsFrom } from '../src/platform/resilience';
import { createKafka, createProducer, ensureTopics, type Kafka, type KafkaProducer } from '../src/platform/kafka';
import { KafkaTopics } from '../src/kafka/kafka-topics';
import { createLogger } from '../src/platform/logger';
import { eventually, freePort } from '../test/support/spawn-process';
import { activeSubscriptions } from '../test/support/subscriptions';
import { createTestDatabase } from '../test/support/test-database';
import { serviceToken, userToken } from '../test/support/tokens';
import { startApiProcess, startMainProcess, type StartedProcess } from './http-load';
import { machineState } from './machine-state';
import type { EndpointReport } from './webhook-receivers';
import { graphql } from '../test/support/graphql-client';
import { adminToken } from '../test/support/tokens';

const RECORD = 'mutation R($event: RecordEventInput!) { recordEvent(event: $event) { eventId pointsAwarded } }';
const SUBSCRIBE = 'subscription P($userId: ID!) { pointsAwarded(userId: $userId) { eventId awardedAt } }';
const CONNECT_CONCURRENCY = 250;
const PRODUCE_TICK_MS = 5;
/** The bench's environment variables that pass through to the worker (tuning to try). */
const WORKER_SETTINGS = /^WORKER_/;
/** prom-client's event-loop monitor resolution in the API (its default), and the bench's own. */
const LOOP_MONITOR_MS = 10;

/** Per event: when the bench sent it, saw it on Redis and at its subscriber, and its awardedAt. */
interface Timeline {
  sentAt: number;
  awardedAt?: number;
  onRedisAt?: number;
  receivedAt?: number;
  deliveries: number;
}

async function main(): Promise<void> {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
  const rate = Number(process.env.BENCH_RATE ?? 1_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const webhookCount = Number(process.env.BENCH_WEBHOOKS ?? 0);
  const members = Array.from({ length: subscribers }, () => randomUUID());
  const database = await createTestDatabase('bench_realtime');
  const spread = (values: number[]) => {
    const ordered = [...values].sort((a, b) => a - b);
    return [50, 95, 99].map((p) => ordered[Math.min(ordered.length - 1, Math.floor((p / 100) * ordered.length))]).join(' / ');
  };
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CHANNEL_PREFIX: `bench-rt-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    RECORD_EVENT_RATE_LIMIT: '0',
    ...(webhookCount > 0 ? { WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1' } : {}),
  };
  const logFile = `${os.tmpdir()}/bench-realtime-${process.pid}.log`;
  const recordOn = recordingMode(process.env.BENCH_RECORD_ON);
  const relayOnRecorder = recordOn !== 'api' && relayPlace(process.env.BENCH_RELAY_ON) === 'recorder';
  const api = await startApiProcess({ ...env, OUTBOX_RELAY: String(!relayOnRecorder) }, logFile);
  const clients: Client[] = [];
  const events = new Map<string, Timeline>();
  const commits = new Map<number, number>();
  let redis: Redis | undefined;
  let recorder: Recorder | undefined;
  let commitListener: PgClient | undefined;
  let receivers: WebhookReceivers | undefined;
  try {
    commitListener = await listenForCommits(database.url, commits);
    recorder = await startRecorder(recordOn, { ...env, OUTBOX_RELAY: String(relayOnRecorder) }, api.url, members, events);
    log(`API ${api.url} (log: ${logFile})`);
    if (webhookCount > 0) receivers = await WebhookReceivers.start(webhookCount, Number(process.env.BENCH_POISONED_WEBHOOKS ?? 0), api.url);
    const rssIdle = rssMiB(api.child.pid!);
    const started = Date.now();
    for (let first = 0; first < members.length; first += CONNECT_CONCURRENCY) {
      const batch = members.slice(first, first + CONNECT_CONCURRENCY);
      clients.push(...(await Promise.all(batch.map((userId) => subscribe(api.url, userId, events)))));
    }
    await eventually(async () => (await activeSubscriptions(api.url, 'pointsAwarded')) === subscribers, 120_000, 250);
    const rssSubscribed = rssMiB(api.child.pid!);
    const heapSubscribed = Math.round((await apiMetrics(api.url))('heap_size_used_bytes') / 2 ** 20);
    log(`${subscribers} subscribers live in ${((Date.now() - started) / 1000).toFixed(1)} s; API RSS ${rssSubscribed} MiB (idle ${rssIdle} MiB)`);

    await recorder.run(Math.min(rate, 200), 2); // warm-up, until every one of its events arrived
    await eventually(async () => [...events.values()].every((timeline) => timeline.receivedAt !== undefined), 60_000, 250);
    events.clear();
    recorder.failures = 0;
    redis = await watchRedis(env.REDIS_URL, env.CHANNEL_PREFIX, events);
    const committedBefore = await committedEvents(database.query.bind(database));

    let rssPeak = rssSubscribed;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(api.child.pid!))), 250);
    await apiMetrics(api.url); // prom-client restarts its event-loop histogram at each scrape
    const benchLoop = monitorEventLoopDelay({ resolution: LOOP_MONITOR_MS });
    benchLoop.enable();
    const runStartedAt = Date.now();
    await recorder.run(rate, seconds);
    benchLoop.disable();
    const duringRun = await apiMetrics(api.url);
    const apiLoop = [duringRun('eventloop_lag_p99_seconds'), duringRun('eventloop_lag_max_seconds')];
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearInterval(sampler);
    const rssAfter = rssMiB(api.child.pid!);
    const heapAfter = Math.round((await apiMetrics(api.url))('heap_size_used_bytes') / 2 ** 20);

    const committed = (await committedEvents(database.query.bind(database))) - committedBefore;
    const webhookColumns = receivers ? await receivers.columns(runStartedAt, committed, commits, spread) : [];
    const machine = await machineState(database.url);
    const timelines = [...events.values()];
    const delivered = timelines.filter((t) => t.receivedAt !== undefined);
    const receivedTimes = delivered.map((t) => t.receivedAt!).sort((a, b) => a - b);
    const messagesPerSecond = delivered.length / ((receivedTimes.at(-1)! - receivedTimes[0]) / 1000);
    const commitOf = (t: Timeline) => (t.awardedAt === undefined ? undefined : commits.get(t.awardedAt));
    const columns: [string, string][] = [
      ['subscribers', subscribers.toLocaleString('en-US')],
      ['events/s offered', rate.toLocaleString('en-US')],
      ['events committed', committed.toLocaleString('en-US')],
      ['notified', delivered.length.toLocaleString('en-US')],
      ['missing', String(committed - delivered.length)],
      ['send failures', String(recorder.failures)],
      ['repeats', String(timelines.reduce((sum, t) => sum + Math.max(0, t.deliveries - 1), 0))],
      ['messages/s', Math.round(messagesPerSecond).toLocaleString('en-US')],
      ['commit → client ms p50 / p95 / p99', spread(delivered.filter((t) => commitOf(t) !== undefined).map((t) => t.receivedAt! - commitOf(t)!))],
      ['awardedAt → client ms p50 / p95 / p99 (upper bound)', spread(delivered.map((t) => t.receivedAt! - t.awardedAt!))],
      ['awardedAt → Redis ms p50 / p95 / p99', spread(timelines.filter((t) => t.onRedisAt !== undefined && t.awardedAt !== undefined).map((t) => t.onRedisAt! - t.awardedAt!))],
      ['sent → commit ms p50 / p95 / p99', spread(delivered.filter((t) => commitOf(t) !== undefined).map((t) => commitOf(t)! - t.sentAt))],
      ['commits timed', `${delivered.filter((t) => commitOf(t) !== undefined).length} / ${delivered.length}`],
      ['API RSS MiB idle / subscribed / peak / after', `${rssIdle} / ${rssSubscribed} / ${rssPeak} / ${rssAfter}`],
      ['API heap used MiB subscribed / after', `${heapSubscribed} / ${heapAfter}`],
      // How late each process's event loop ran during the run (a notification waits for both):
      // both monitors time a 10 ms timer, so the interval itself is taken off.
      ['event-loop delay ms p99 / max: API, bench', `${apiLoop.map((seconds) => lateMs(seconds * 1e3)).join(' / ')}, ${lateMs(benchLoop.percentile(99) / 1e6)} / ${lateMs(benchLoop.max / 1e6)}`],
      ...webhookColumns,
    ];
    process.stdout.write(
      [
        '',
        `Realtime delivery, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${seconds} s at ${rate} events/s; API: ${Object.entries(env)
          .filter(([name]) => !['DATABASE_URL', 'CHANNEL_PREFIX'].includes(name))
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')}`,
        `Relay in the ${relayOnRecorder ? 'recording' : "subscribers' API"} process. Recorded through ${RECORDING_MODES[recordOn]}${recordOn === 'kafka' ? ` ${JSON.stringify(passThrough(WORKER_SETTINGS))}` : ''}. Machine after the run: ${machine}`,
        '',
        `| ${columns.map(([name]) => name).join(' | ')} |`,
        `|${columns.map(() => '---').join('|')}|`,
        `| ${columns.map(([, value]) => value).join(' | ')} |`,
        '',
      ].join('\n'),
    );
  } finally {
    redis?.disconnect();
    receivers?.stop();
    await commitListener?.end();
    await Promise.all(clients.map((client) => client.dispose()));
    await recorder?.stop();
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

const RECORDING_MODES = {
  api: "the subscribers' API process",
  separate: 'a second API process',
  kafka: 'Kafka and a worker process',
} as const;

type RecordingMode = keyof typeof RECORDING_MODES;

function recordingMode(value: string | undefined): RecordingMode {
  const mode = value ?? 'kafka';
  if (!(mode in RECORDING_MODES)) throw new Error(`BENCH_RECORD_ON must be one of ${Object.keys(RECORDING_MODES).join(', ')}`);
  return mode as RecordingMode;
}

function relayPlace(value: string | undefined): 'recorder' | 'api' {
  const place = value ?? 'recorder';
  if (place !== 'recorder' && place !== 'api') throw new Error('BENCH_RELAY_ON must be recorder or api');
  return place;
}

/** Records CLAIM_SUBMITTED events for the members in turn at a fixed overall rate, noting when each went out. */
interface Recorder {
  run(rate: number, seconds: number): Promise<void>;
  /** Sends that failed (a failed request may still have committed; completeness is counted in the database). */
  failures: number;
  stop(): Promise<void>;
}

async function startRecorder(mode: RecordingMode, env: Record<string, string>, apiUrl: string, members: readonly string[], events: Map<string, Timeline>): Promise<Recorder> {
  const pace = new MemberCycle(members, events);
  if (mode === 'kafka') return KafkaRecorder.start(env, pace);
  if (mode === 'api') return new ApiRecorder(apiUrl, await serviceToken(), pace, async () => undefined);
  const separate = await startApiProcess(env, `${os.tmpdir()}/bench-realtime-recorder-${process.pid}.log`);
  return new ApiRecorder(separate.url, await serviceToken(), pace, separate.stop);
}

/** A CLAIM_SUBMITTED event (15 points, uncapped) stamped now. */
function claim(userId: string, id: string) {
  return createTestEvent(EventType.CLAIM_SUBMITTED, { userId, id });
}

/** The next member in turn and a fresh event id, registered in the timelines when sent. */
class MemberCycle {
  private next = 0;

  constructor(
    private readonly members: readonly string[],
    private readonly events: Map<string, Timeline>,
  ) {}

  take(): { userId: string; id: string } {
    const userId = this.members[this.next++ % this.members.length];
    const id = randomUUID();
    this.events.set(id, { sentAt: Date.now(), deliveries: 0 });
    return { userId, id };
  }
}

/** recordEvent over HTTP with autocannon (256 kept-alive connections, so that slow answers do not lower the offered rate). */
class ApiRecorder implements Recorder {
  failures = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly members: MemberCycle,
    readonly stop: () => Promise<void>,
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
            const { userId, id } = this.members.take();
            const event = { ...claim(userId, id), version: undefined, timestamp: undefined };
            return { ...request, body: JSON.stringify({ query: RECORD, variables: { event } }) };
          },
        },
      ],
    });
    this.failures += result.non2xx + result.errors + result.timeouts;
  }
}

/** Produces to the plan topic every PRODUCE_TICK_MS what is due at `rate`; a `worker` process records them. */
class KafkaRecorder implements Recorder {
  failures = 0;

  private constructor(
    private readonly producer: KafkaProducer,
    private readonly topic: string,
    private readonly worker: StartedProcess,
    private readonly members: MemberCycle,
  ) {}

  static async start(env: Record<string, string>, members: MemberCycle): Promise<KafkaRecorder> {
    const opsPort = await freePort();
    const workerEnv = {
      ...env,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: `${env.CHANNEL_PREFIX}.`,
      KAFKA_GROUP_ID: `${env.CHANNEL_PREFIX}-worker`,
      OPS_PORT: String(opsPort),
      ...passThrough(WORKER_SETTINGS),
    };
    const config = loadConfig({ ...workerEnv, NODE_ENV: 'test' });
    const kafka: Kafka = createKafka(config, createLogger('error'), '-bench');
    const topics = new KafkaTopics(config.KAFKA_TOPIC_PREFIX);
    await ensureTopics(kafka, [...topics.sources, ...topics.deadLetters], config);
    const producer = createProducer(kafka, retrySettingsFrom(config).kafka, new Metrics());
    await producer.connect();
    const worker = await startMainProcess('worker', workerEnv, `http://127.0.0.1:${opsPort}`, `${os.tmpdir()}/bench-realtime-worker-${process.pid}.log`);
    return new KafkaRecorder(producer, topics.source(journeyOfType(EventType.CLAIM_SUBMITTED)), worker, members);
  }

  async run(rate: number, seconds: number): Promise<void> {
    const started = performance.now();
    let sent = 0;
    for (let elapsed = 0; elapsed < seconds * 1000; elapsed = performance.now() - started) {
      const due = Math.min(Math.floor((rate * elapsed) / 1000), rate * seconds) - sent;
      if (due > 0) {
        const messages = Array.from({ length: due }, () => {
          const { userId, id } = this.members.take();
          return { key: userId, value: JSON.stringify(claim(userId, id)) };
        });
        sent += due;
        await this.producer.send({ topic: this.topic, acks: -1, messages }).catch(() => (this.failures += due));
      }
      await new Promise((resolve) => setTimeout(resolve, PRODUCE_TICK_MS));
    }
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.worker.stop();
  }
}

/** The webhook endpoints' child process, and the endpoints registered on the API for it. */
class WebhookReceivers {
  private constructor(
    private readonly child: ChildProcess,
    readonly count: number,
    readonly poisoned: number,
  ) {}

  static async start(count: number, poisoned: number, apiUrl: string): Promise<WebhookReceivers> {
    const child = fork(`${__dirname}/webhook-receivers.js`, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const receivers = new WebhookReceivers(child, count, poisoned);
    const { urls, poisonedUrls } = await receivers.ask<{ urls: string[]; poisonedUrls: string[] }>({ start: count, poisoned });
    const token = await adminToken();
    const secrets: string[] = [];
    for (const url of [...urls, ...poisonedUrls]) {
      const created = await graphql<{ createWebhook: { secret: string } }>(
        apiUrl,
        'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
        { input: { url, kinds: ['POINTS_AWARDED', 'ACHIEVEMENT_UNLOCKED', 'QUEST_COMPLETED', 'LEVEL_UP'], description: 'bench' } },
        token,
      );
      if (!created.data) throw new Error(`createWebhook failed: ${JSON.stringify(created.errors)}`);
      secrets.push(created.data.createWebhook.secret);
    }
    await receivers.ask({ trust: secrets.slice(0, count) });
    log(`${count} webhook endpoints registered: ${urls.join(', ')}${poisoned > 0 ? `, and ${poisoned} that never answer` : ''}`);
    return receivers;
  }

  /** Waits (up to a minute) for every endpoint to have each committed event's points notification, then sums up. */
  async columns(since: number, committed: number, commits: Map<number, number>, spread: (values: number[]) => string): Promise<[string, string][]> {
    const inRun = (report: EndpointReport) => report.arrivals.filter(([awardedAt]) => awardedAt >= since);
    let reports: EndpointReport[] = [];
    await eventually(async () => {
      reports = (await this.ask<{ endpoints: EndpointReport[] }>({ report: true })).endpoints;
      return reports.every((report) => inRun(report).length >= committed);
    }, 60_000, 500).catch(() => log('webhook endpoints still missing deliveries after a minute'));
    const perSecond = reports.map((report) => {
      const received = inRun(report).map(([, at]) => at).sort((a, b) => a - b);
      return Math.round(received.length / ((received.at(-1)! - received[0]) / 1000));
    });
    const latencies = reports.flatMap((report) => inRun(report).flatMap(([awardedAt, at]) => (commits.has(awardedAt) ? [at - commits.get(awardedAt)!] : [])));
    return [
      ['webhook endpoints (+ never answering)', `${this.count} (+${this.poisoned})`],
      ['webhook deliveries/s per endpoint', perSecond.map((n) => n.toLocaleString('en-US')).join(' / ')],
      ['webhook missing per endpoint', reports.map((report) => String(committed - inRun(report).length)).join(' / ')],
      ['webhook repeats / bad signatures', `${reports.reduce((sum, r) => sum + r.repeats, 0)} / ${reports.reduce((sum, r) => sum + r.badSignatures, 0)}`],
      ['commit → webhook ms p50 / p95 / p99', spread(latencies)],
    ];
  }

  stop(): void {
    this.child.kill();
  }

  private ask<Answer>(message: object): Promise<Answer> {
    return new Promise((resolve) => {
      this.child.once('message', (answer) => resolve(answer as Answer));
      this.child.send(message);
    });
  }
}

/** The bench's own environment variables whose names match, e.g. worker tuning to try. */
function passThrough(names: RegExp): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).flatMap(([name, value]) => (names.test(name) && value !== undefined ? [[name, value]] : [])));
}

/** Notes when each engine batch committed: the first receipt of its NOTIFY, keyed by its committedAt. */
async function listenForCommits(url: string, commits: Map<number, number>): Promise<PgClient> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  client.on('notification', ({ payload }) => {
    const committedAt = Date.parse(payload ?? '');
    if (!commits.has(committedAt)) commits.set(committedAt, Date.now());
  });
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  return client;
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

/** An event-loop monitor's reading (the monitored timer's interval) as lateness beyond that interval. */
function lateMs(intervalMs: number): number {
  return Math.max(0, Math.round(intervalMs - LOOP_MONITOR_MS));
}

/** One scrape of the API's /metrics; reads its Node.js process metrics (prom-client's defaults) by name. */
async function apiMetrics(baseUrl: string): Promise<(name: string) => number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return (name) => {
    const match = new RegExp(`^gamification_nodejs_${name} ([\\d.e+-]+)`, 'm').exec(text);
    return match ? Number(match[1]) : NaN;
  };
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
