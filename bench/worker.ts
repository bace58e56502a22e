/**
 * `npm run bench:worker [-- <events>]`: Kafka worker throughput on the real broker and PostgreSQL.
 *
 * Produces N events (default 200,000; BENCH_EVENTS or the first argument) spread over
 * BENCH_USERS members (default 10,000) and all 36 event types of the four journeys, then lets
 * two consumers drain them, one after the other, each as its own process and consumer group:
 *   1. the raw baseline (bench/raw-baseline-consumer.ts): one multi-row INSERT per slice;
 *   2. the worker (`node dist/main.js worker`, default rules, LOG_LEVEL=warn).
 * For each it samples the group's committed offsets every 200 ms and reports the sustained rate
 * from the first to the last commit, the CPU each consumer and PostgreSQL spent per event in that
 * window (from /proc: steadier than the rate on a shared machine), and the lag curve. A fresh
 * database and fresh topics are used and dropped afterwards. Worker settings (RULES_FILE, WORKER_MAX_BATCH,
 * WORKER_PARTITIONS_CONCURRENCY, WORKER_LANES, DATABASE_POOL_SIZE, KAFKA_TOPIC_PARTITIONS,
 * OUTBOX_RELAY, OUTBOX_BATCH_SIZE, REDIS_URL) pass through from the environment; BENCH_WORKERS
 * (default 1) runs that many worker processes in the group; BENCH_WORKER_NODE_ARGS adds node flags to them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { EVENT_TYPES, journeyOfType } from '../src/contract';
import { createTestEvent } from '../src/kit';
import { loadConfig } from '../src/platform/config';
import { Metrics } from '../src/platform/metrics';
import { retrySettingsFrom, type RetrySettings } from '../src/platform/resilience';
import { createKafka, createProducer, ensureTopics, type Kafka } from '../src/platform/kafka';
import { KafkaTopics } from '../src/kafka/kafka-topics';
import { createLogger } from '../src/platform/logger';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database';
import { backendPids, cpuSecondsBetween, cpuSnapshot, type CpuSnapshot } from './process-cpu';
import { forgetRedisKeys } from './redis-keys';
import { print, runMain } from './run-main';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE_EVERY_MS = 200;
const PASS_THROUGH = ['NODE_OPTIONS', 'RULES_FILE', 'OUTBOX_RELAY', 'OUTBOX_BATCH_SIZE', 'REDIS_URL', 'WORKER_LANES', 'WORKER_MAX_BATCH', 'WORKER_PARTITIONS_CONCURRENCY', 'DATABASE_POOL_SIZE', 'KAFKA_TOPIC_PARTITIONS'];

interface Sample {
  at: number;
  committed: number;
}

interface Measurement {
  label: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  samples: Sample[];
  firstCommitAt: number;
  /** CPU µs per event committed between the first and the last commit: the consumer process(es), and PostgreSQL's backends. */
  cpuPerEvent: { consumer: number; postgres: number };
}

async function main(): Promise<void> {
  const events = Number(process.env.BENCH_EVENTS ?? process.argv[2] ?? 200_000);
  const users = Number(process.env.BENCH_USERS ?? 10_000);
  const workerProcesses = Number(process.env.BENCH_WORKERS ?? 1);
  const id = randomBytes(4).toString('hex');
  const database = await createTestDatabase('bench_worker');
  const env: Record<string, string> = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: `bench.${id}.`,
    KAFKA_TOPIC_PARTITIONS: '6',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    // With REDIS_URL (the production topology: the relay feeds Redis pub/sub and the leaderboards), the run's own keys.
    CHANNEL_PREFIX: `bench-worker-${id}`,
    ...Object.fromEntries(PASS_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))),
  };
  const config = loadConfig({ ...env });
  const kafka = createKafka(config, createLogger('error'), '-bench');
  const topics = new KafkaTopics(config.KAFKA_TOPIC_PREFIX);
  try {
    await ensureTopics(kafka, [...topics.sources, ...topics.deadLetters], config);
    const produced = await produceEvents(kafka, retrySettingsFrom(config).kafka, topics, events, users);
    log(`produced ${events} events over ${users} members in ${produced.toFixed(1)} s (${Math.round(events / produced)} events/s)`);

    const baseline = await measure('raw baseline (1 INSERT per slice)', kafka, topics, database, events, `bench-${id}-baseline`, (group) => [
      spawnNode([path.join(ROOT, 'dist-bench/bench/raw-baseline-consumer.js')], { ...env, KAFKA_GROUP_ID: group }),
    ]);
    // Migrate once up front: worker processes starting together would race to create the schema.
    await exited(spawnNode([path.join(ROOT, 'dist/main.js'), 'migrate'], env), 'migrate');
    const label = `worker${workerProcesses > 1 ? ` ×${workerProcesses} processes` : ''} (engine, default rules)`;
    const worker = await measure(label, kafka, topics, database, events, `bench-${id}-worker`, (group) =>
      Array.from({ length: workerProcesses }, () => spawnNode([...workerNodeArgs(), path.join(ROOT, 'dist/main.js'), 'worker'], { ...env, KAFKA_GROUP_ID: group })),
    );
    const [check] = await database.query<{ processed: string; ledger: string }>(
      'SELECT (SELECT count(*) FROM processed_events) AS processed, (SELECT count(*) FROM points_ledger) AS ledger',
    );
    report(config, events, users, [baseline, worker], Number(check.processed), Number(check.ledger));
  } finally {
    await dropTopics(kafka, [...topics.sources, ...topics.deadLetters]);
    await forgetRedisKeys(env.REDIS_URL, env.CHANNEL_PREFIX);
    await database.drop();
  }
}

/** Produces the events (all types, members round-robin, keyed by userId) as fast as the broker takes them; returns seconds. */
async function produceEvents(kafka: Kafka, retry: RetrySettings, topics: KafkaTopics, count: number, userCount: number): Promise<number> {
  const users = Array.from({ length: userCount }, () => randomUUID());
  const producer = createProducer(kafka, retry, new Metrics());
  await producer.connect();
  const started = performance.now();
  const chunk = 2000;
  for (let offset = 0; offset < count; offset += chunk * 4) {
    await Promise.all(
      [0, 1, 2, 3].map((part) => {
        const from = offset + part * chunk;
        const to = Math.min(count, from + chunk);
        if (from >= to) return Promise.resolve();
        const byTopic = new Map<string, { key: string; value: string }[]>();
        for (let index = from; index < to; index++) {
          const type = EVENT_TYPES[index % EVENT_TYPES.length];
          const userId = users[(index * 7919) % userCount];
          const topic = topics.source(journeyOfType(type));
          byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: userId, value: JSON.stringify(createTestEvent(type, { userId })) }]);
        }
        return producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return seconds;
}

/**
 * Starts consumer processes in `group`, samples the group's committed offsets until all `events`
 * are committed, stops them. CPU is read at the first and the last commit, from the consumer
 * processes and the database's PostgreSQL backends.
 */
async function measure(
  label: string,
  kafka: Kafka,
  topics: KafkaTopics,
  database: TestDatabase,
  events: number,
  group: string,
  start: (group: string) => ChildProcess[],
): Promise<Measurement> {
  const admin = kafka.admin();
  await admin.connect();
  const children = start(group);
  const samples: Sample[] = [];
  const cpuAt: CpuSnapshot[] = [];
  const snapshot = async () => cpuSnapshot([...children.map((child) => child.pid ?? 0), ...(await backendPids(database))]);
  const began = performance.now();
  try {
    for (;;) {
      const offsets = await admin.fetchOffsets({ groupId: group, topics: topics.sources });
      const committed = offsets.flatMap((topic) => topic.partitions).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
      samples.push({ at: performance.now() - began, committed });
      if (committed > 0 && cpuAt.length === 0) cpuAt.push(await snapshot());
      if (committed >= events) {
        cpuAt.push(await snapshot());
        break;
      }
      const exited = children.find((child) => child.exitCode !== null);
      if (exited) throw new Error(`${label} exited with code ${exited.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  } finally {
    await Promise.all(
      children.map((child) => {
        child.kill('SIGTERM');
        return new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      }),
    );
    await admin.disconnect();
  }
  const first = samples.find((sample) => sample.committed > 0)!;
  const last = samples[samples.length - 1];
  const seconds = (last.at - first.at) / 1000;
  const counted = last.committed - first.committed;
  const childPids = new Set(children.map((child) => child.pid ?? 0));
  const [before, after] = cpuAt;
  const share = (owned: boolean) => new Map([...after].filter(([pid]) => childPids.has(pid) === owned));
  const cpuPerEvent = {
    consumer: (cpuSecondsBetween(before, share(true)) * 1e6) / counted,
    postgres: (cpuSecondsBetween(before, share(false)) * 1e6) / counted,
  };
  const measurement = { label, events, seconds, eventsPerSecond: counted / seconds, samples, firstCommitAt: first.at, cpuPerEvent };
  log(`${label}: ${events} events, ${Math.round(measurement.eventsPerSecond)} events/s sustained`);
  return measurement;
}

/** BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the worker (NODE_OPTIONS refuses --cpu-prof). */
function workerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', JWT_SECRET: 'bench-only-secret-0123456789abcdef', MEMBER_DATA_KEY: 'bench-only-member-data-key-0123456789', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function exited(child: ChildProcess, label: string): Promise<void> {
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${label} exited with code ${String(code)}`);
}

async function dropTopics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}

function report(config: ReturnType<typeof loadConfig>, events: number, users: number, runs: Measurement[], processed: number, ledgerLines: number): void {
  const [baseline, worker] = runs;
  const cpus = os.cpus().length;
  const memory = Math.round(os.totalmem() / 2 ** 30);
  print(`\nWorker throughput — ${events} events, ${users} members, ${config.KAFKA_TOPIC_PARTITIONS} partitions per topic, ${cpus} cores, ${memory} GiB`);
  print(
    `WORKER_MAX_BATCH=${config.WORKER_MAX_BATCH} WORKER_PARTITIONS_CONCURRENCY=${config.WORKER_PARTITIONS_CONCURRENCY} ` +
      `WORKER_LANES=${config.WORKER_LANES} DATABASE_POOL_SIZE=${config.DATABASE_POOL_SIZE} OUTBOX_RELAY=${config.OUTBOX_RELAY} ` +
      `REDIS_URL=${config.REDIS_URL ? 'set' : 'unset'}\n`,
  );
  print('| consumer | events | first→last commit (s) | events/s | CPU µs/event: consumer / PostgreSQL / both |');
  print('|---|---:|---:|---:|---:|');
  for (const run of runs) {
    const { consumer, postgres } = run.cpuPerEvent;
    print(`| ${run.label} | ${run.events} | ${run.seconds.toFixed(1)} | ${Math.round(run.eventsPerSecond)} | ${Math.round(consumer)} / ${Math.round(postgres)} / ${Math.round(consumer + postgres)} |`);
  }
  print(`\nworker / raw baseline: ${(worker.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}`);
  print(`worker check: ${processed} events in processed_events, ${ledgerLines} ledger lines`);
  for (const run of runs) {
    print(`\nLag curve, ${run.label} (t from the first commit):`);
    print('| t (s) | committed | lag | events/s in the last second |');
    print('|---:|---:|---:|---:|');
    let previous: Sample | undefined;
    const fromFirstCommit = run.samples.filter((sample) => sample.at >= run.firstCommitAt);
    for (const [index, sample] of fromFirstCommit.entries()) {
      if (previous && sample.at - previous.at < 1000 && index < fromFirstCommit.length - 1) continue;
      const rate = previous ? (sample.committed - previous.committed) / ((sample.at - previous.at) / 1000) : 0;
      print(`| ${((sample.at - run.firstCommitAt) / 1000).toFixed(1)} | ${sample.committed} | ${run.events - sample.committed} | ${Math.round(rate)} |`);
      previous = sample;
    }
  }
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

runMain(main);
