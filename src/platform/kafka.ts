import type { RetryPolicy } from 'cockatiel';
import {
  Kafka,
  KafkaJSError,
  logLevel,
  Partitioners,
  type Admin,
  type LogEntry,
  type Producer,
  type ProducerBatch,
  type ProducerRecord,
  type RecordMetadata,
  type RetryOptions,
} from 'kafkajs';
import { NetworkError } from '../errors';
import { ConfigError, type AppConfig } from './config';
import { topicReplication, type ReplicationSettings } from './kafka-replication';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { createRetryPolicy, retrySettingsFrom, type RetrySettings } from './resilience';

/*
 * The one module that imports kafkajs: the client factory, topic creation and the types the
 * workers use. Swapping the Kafka client means changing this file and its consumers' types only.
 */
export type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
export type { Kafka };

/** How much kafkajs randomises each backoff delay (±20 %): the jitter of the kafka retry policy. */
const KAFKA_RETRY_JITTER = 0.2;

/** The brokers of `KAFKA_BROKERS` (comma-separated host:port); a ConfigError when unset. */
export function kafkaBrokers(config: AppConfig): string[] {
  const brokers = (config.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0) throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS is required (e.g. 127.0.0.1:9092)');
  return brokers;
}

/**
 * A kafkajs client whose own retrier follows the kafka retry policy (RETRY_KAFKA_*): every
 * produce, fetch, commit and admin request is retried with exponential backoff and jitter.
 * kafkajs logs go to the pino logger, tagged `component: kafkajs`.
 */
export function createKafka(config: AppConfig, logger: Logger, clientSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}${clientSuffix}`,
    brokers: kafkaBrokers(config),
    retry: kafkajsRetry(retrySettingsFrom(config).kafka),
    logLevel: kafkaLogLevel(logger.level),
    logCreator: () => (entry) => logKafkaEntry(logger, entry),
  });
}

export function kafkajsRetry(settings: RetrySettings): RetryOptions {
  return {
    retries: settings.maxRetries,
    initialRetryTime: settings.initialDelayMs,
    maxRetryTime: settings.maxDelayMs,
    multiplier: settings.factor,
    factor: KAFKA_RETRY_JITTER,
  };
}

/**
 * A producer whose sends succeed whole or fail. It partitions by key with Kafka's own murmur2
 * partitioner (what the Java client and other back ends use, so a userId lands on the same
 * partition whoever produces it) and never creates topics by accident.
 *
 * kafkajs does not retry its sends: its own retry of a send that spans several brokers skips
 * the partitions whose leader moved to a broker that had already answered, and then resolves as
 * if they were written (kafkajs issue #1303; seen here as acknowledged events missing from the
 * log after a leader was SIGKILLed). Instead a failed send is sent again whole, from the
 * metadata kafkajs refreshed on the failure, per the kafka retry policy. A resend may write some
 * messages twice (the engine recognises them by event id); no send resolves with one missing.
 */
export class KafkaProducer {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly retryPolicy: RetryPolicy,
  ) {
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, retry: { retries: 0 } });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.retryPolicy.execute(() => this.producer.send(record));
  }

  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return this.retryPolicy.execute(() => this.producer.sendBatch(batch));
  }
}

/** A {@link KafkaProducer} resending per `retry` (the kafka retry policy), counting resends in `gamification_retries_total{policy="kafka"}`. */
export function createProducer(kafka: Kafka, retry: RetrySettings, metrics: Metrics): KafkaProducer {
  return new KafkaProducer(kafka, createRetryPolicy('kafka', retry, metrics, isRetriableKafkaFailure));
}

/** How deep {@link isRetriableKafkaFailure} follows `cause` (kafkajs wraps its errors once or twice). */
const MAX_CAUSE_DEPTH = 5;

/** True when `error`, or an error it wraps, is a kafkajs error marked retriable (a lost connection, a moved leader, ...). */
export function isRetriableKafkaFailure(error: Error): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (current instanceof KafkaJSError && current.retriable) return true;
    current = current.cause;
  }
  return false;
}

/** What {@link ensureTopics} creates topics with: partitions, and replication (see {@link topicReplication}). */
export type TopicSettings = Pick<AppConfig, 'KAFKA_TOPIC_PARTITIONS'> & ReplicationSettings;

/**
 * Creates the topics that do not exist yet, KAFKA_TOPIC_PARTITIONS partitions each, replicated
 * per {@link topicReplication} for the brokers the cluster has now, waiting until each has a
 * leader (no LEADER_NOT_AVAILABLE on first use). Existing topics are left as they are.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    const { brokers } = await admin.describeCluster();
    const { replicationFactor, minInsyncReplicas } = topicReplication(brokers.length, settings);
    await admin.createTopics({
      // kafkajs' own wait gives up when the broker it asks has not heard of the topic yet (a cluster).
      waitForLeaders: false,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: settings.KAFKA_TOPIC_PARTITIONS,
        replicationFactor,
        configEntries: [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }],
      })),
    });
    await waitForLeaders(admin, missing);
  } finally {
    await admin.disconnect();
  }
}

/** How long new topics may take to have a leader on every partition. */
const TOPIC_LEADERS_TIMEOUT_MS = 30_000;
const TOPIC_LEADERS_POLL_MS = 100;

/**
 * Waits until every partition of `topics` has a leader. On a cluster the brokers learn of a new
 * topic a moment after the controller created it: meanwhile they answer UNKNOWN_TOPIC_OR_PARTITION
 * or LEADER_NOT_AVAILABLE (retriable kafkajs errors), which count as "not yet".
 */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + TOPIC_LEADERS_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const led = described.filter(({ partitions }) => partitions.length > 0 && partitions.every(({ leader }) => leader >= 0));
      if (led.length === topics.length) return;
    } catch (error) {
      if (!(error instanceof KafkaJSError) || !error.retriable) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, TOPIC_LEADERS_POLL_MS));
  }
  throw new NetworkError(`Kafka topics ${topics.join(', ')} have no leader on every partition after ${TOPIC_LEADERS_TIMEOUT_MS} ms`, { cause: lastError });
}

function kafkaLogLevel(level: string): logLevel {
  switch (level) {
    case 'trace':
      return logLevel.DEBUG;
    case 'debug':
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}

function logKafkaEntry(logger: Logger, { namespace, level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _kafkaLogger, ...fields } = log;
  const line = { component: 'kafkajs', namespace, ...fields };
  if (level === logLevel.ERROR) logger.error(line, message);
  else if (level === logLevel.WARN) logger.warn(line, message);
  else if (level === logLevel.INFO) logger.info(line, message);
  else logger.debug(line, message);
}
