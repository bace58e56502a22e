import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../src/platform/config';
import { createKafka, createProducer, ensureTopics, type Kafka, type KafkaMessage, type KafkaProducer } from '../../src/platform/kafka';
import { KafkaTopics } from '../../src/kafka/kafka-topics';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { retrySettingsFrom, type RetrySettings } from '../../src/platform/resilience';
import { eventIngestion, startWorkerNode, type WorkerNode } from '../../src/workers/worker-node';
import { writeRulesFile } from './rules-files';
import { eventually, freePort, runMain, spawnMain, type SpawnedProcess } from './spawn-process';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The broker `bash scripts/kafka.sh start` runs (and `npm test` starts). */
export const TEST_KAFKA_BROKERS = process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092';

/**
 * Kafka settings private to one suite: its own topic prefix, consumer group and client id, so
 * suites running in parallel on the one broker never read each other's messages. Fast group
 * settling for tests (short session timeout and fetch wait).
 */
export function kafkaTestEnv(label: string): Record<string, string> {
  const id = `${label}-${randomBytes(4).toString('hex')}`;
  return {
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `test.${id}.`,
    KAFKA_GROUP_ID: `test-${id}`,
    KAFKA_CLIENT_ID: `test-${id}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    KAFKA_FETCH_MAX_WAIT_MS: '100',
  };
}

/** Configuration of a worker in a test: the suite's Kafka env, a database, the test secret; `env` overrides anything. */
export function workerTestConfig(databaseUrl: string, env: Record<string, string>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    ...env,
  });
}

/** Starts a worker in this process (the same components as the `worker` command). A fatal consumer error fails the test run loudly. */
export function startTestWorker(config: AppConfig): Promise<WorkerNode> {
  return startWorkerNode(config, [eventIngestion], (error) => {
    throw error;
  });
}

/** A Kafka client and the topic names of a suite's env, with its topics created. */
export async function connectTestKafka(env: Record<string, string>): Promise<{ kafka: Kafka; topics: KafkaTopics }> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const kafka = createKafka(config, createLogger('silent'), '-test');
  const topics = new KafkaTopics(config.KAFKA_TOPIC_PREFIX);
  await ensureTopics(kafka, [...topics.sources, ...topics.deadLetters], config);
  return { kafka, topics };
}

/** A message for {@link TestProducer}: objects are sent as JSON, strings and Buffers as they are. */
export interface TestMessage {
  key: string | null;
  value: unknown;
}

/** Deletes a suite's event and dead-letter topics (call after its workers stopped), so test runs do not pile topics up on the broker. */
export async function deleteTestTopics(kafka: Kafka, topics: KafkaTopics): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics.sources, ...topics.deadLetters] });
  } finally {
    await admin.disconnect();
  }
}

/** The engine's default kafka retry policy (RETRY_KAFKA_*). */
const DEFAULT_KAFKA_RETRY = retrySettingsFrom(loadConfig({ NODE_ENV: 'test' })).kafka;

/** Produces like a back end would (acks from all replicas, a failed send resent whole per `retry`), over one connection. */
export class TestProducer {
  private readonly producer: KafkaProducer;

  constructor(kafka: Kafka, retry: RetrySettings = DEFAULT_KAFKA_RETRY) {
    this.producer = createProducer(kafka, retry, new Metrics());
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(topic: string, messages: readonly TestMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 1000) {
      await this.producer.send({ topic, acks: -1, messages: messages.slice(start, start + 1000).map(encode) });
    }
  }

  /** Sends one message and tells where it landed. */
  async sendOne(topic: string, message: TestMessage): Promise<{ topic: string; partition: number; offset: string }> {
    const [metadata] = await this.producer.send({ topic, acks: -1, messages: [encode(message)] });
    return { topic, partition: metadata.partition, offset: metadata.baseOffset ?? '' };
  }
}

/** Connects a producer, sends, disconnects. */
export async function produce(kafka: Kafka, topic: string, messages: readonly TestMessage[]): Promise<void> {
  const producer = new TestProducer(kafka);
  await producer.connect();
  try {
    await producer.send(topic, messages);
  } finally {
    await producer.disconnect();
  }
}

function encode({ key, value }: TestMessage): { key: string | null; value: string | Buffer } {
  return { key, value: Buffer.isBuffer(value) || typeof value === 'string' ? value : JSON.stringify(value) };
}

/** Total messages in `topic` (sum over partitions of high - low). */
export async function countMessages(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Sum over the partitions of `topics` of the offsets `groupId` committed (what it will not read
 * again). Throws when the answer leaves a topic out (kafkajs asks only for the partitions its
 * metadata knows, which on a cluster that just lost or regained a broker may lack a topic).
 */
export async function committedOffsetTotal(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const missing = topics.filter((topic) => !offsets.some((answered) => answered.topic === topic && answered.partitions.length > 0));
    if (missing.length > 0) throw new Error(`no committed offsets of ${missing.join(', ')} in the answer (metadata not loaded)`);
    return offsets.flatMap((topic) => topic.partitions).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Sum over the partitions of `topics` of their end offsets (a fully caught-up group has committed exactly this). */
export async function endOffsetTotal(kafka: Kafka, topics: readonly string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of topics) total += (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
    return total;
  } finally {
    await admin.disconnect();
  }
}

/** Every message of `topic`, read from the beginning with a throwaway group until `expected` arrived (or the timeout). */
export async function readAll(kafka: Kafka, topic: string, expected: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await eventually(async () => messages.length >= expected, timeoutMs);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** A worker on a database and topics of its own (default rules), and a connected producer. */
export interface WorkerFixture {
  database: TestDatabase;
  kafka: Kafka;
  topics: KafkaTopics;
  producer: TestProducer;
  worker: WorkerNode;
  stop(): Promise<void>;
}

export async function startWorkerFixture(label: string): Promise<WorkerFixture> {
  const env = kafkaTestEnv(label);
  const database = await createTestDatabase(`worker_${label}`);
  const { kafka, topics } = await connectTestKafka(env);
  const producer = new TestProducer(kafka);
  await producer.connect();
  const worker = await startTestWorker(workerTestConfig(database.url, env));
  return {
    database,
    kafka,
    topics,
    producer,
    worker,
    stop: async () => {
      await producer.disconnect();
      await worker.stop();
      await deleteTestTopics(kafka, topics);
      await database.drop();
    },
  };
}

/** A built `worker` process on a database and topics of its own, with its metrics and health endpoint at `url`. */
export interface SpawnedWorkerFixture {
  database: TestDatabase;
  kafka: Kafka;
  topics: KafkaTopics;
  worker: SpawnedProcess;
  url: string;
  stop(): Promise<void>;
}

export async function spawnWorkerFixture(label: string, extraEnv: Record<string, string>): Promise<SpawnedWorkerFixture> {
  const env = kafkaTestEnv(label);
  const database = await createTestDatabase(`worker_${label}`);
  const { kafka, topics } = await connectTestKafka(env);
  const port = await freePort();
  const worker = spawnMain(['worker'], { ...env, DATABASE_URL: database.url, OPS_PORT: String(port), HOST: '127.0.0.1', ...extraEnv });
  await worker.waitFor('metrics and health endpoint ready', 60_000);
  return {
    database,
    kafka,
    topics,
    worker,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await worker.stop();
      await deleteTestTopics(kafka, topics);
      await database.drop();
    },
  };
}

/** A worker on a database and topics of its own, playing `rules`, and the `dlq` command against the same. */
export interface DlqFixture {
  database: TestDatabase;
  kafka: Kafka;
  topics: KafkaTopics;
  /** Runs `dlq <args>` (with extra env), expects exit code 0 and returns what it printed. */
  dlq(args: string[], extraEnv?: Record<string, string>): Promise<string>;
  /** A member's points in the ledger. */
  points(userId: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startDlqFixture(label: string, rules: string): Promise<DlqFixture> {
  const env = kafkaTestEnv(label);
  const database = await createTestDatabase(`worker_${label}`);
  const { kafka, topics } = await connectTestKafka(env);
  const commandEnv = { ...env, DATABASE_URL: database.url, RULES_FILE: writeRulesFile(rules), LOG_LEVEL: 'info' };
  const worker = await startTestWorker(workerTestConfig(database.url, { ...env, RULES_FILE: commandEnv.RULES_FILE }));
  return {
    database,
    kafka,
    topics,
    dlq: async (args, extraEnv = {}) => {
      const { code, output } = await runMain(['dlq', ...args], { ...commandEnv, ...extraEnv });
      if (code !== 0) throw new Error(`dlq ${args.join(' ')} exited with ${code}:\n${output}`);
      return output;
    },
    points: async (userId) =>
      Number((await database.query<{ points: string }>('SELECT coalesce(sum(points), 0) AS points FROM points_ledger WHERE user_id = $1', [userId]))[0].points),
    stop: async () => {
      await worker.stop();
      await deleteTestTopics(kafka, topics);
      await database.drop();
    },
  };
}
