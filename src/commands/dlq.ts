import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { createRuntime } from '../app/runtime';
import { isJourney, parseEvent, ValidationError } from '../engine/contract';
import { ConfigError, type AppConfig } from '../platform/config';
import { createKafka, ensureTopics, kafkaBrokers, type Kafka } from '../platform/kafka';
import { KafkaTopics, UNKNOWN_JOURNEY } from '../platform/kafka-topics';
import { createLogger } from '../platform/logger';
import { Metrics } from '../platform/metrics';
import { parseDeadLetter, type DeadLetterMessage } from '../workers/dead-letter';
import { deadLetterBacklog, heldCount, pendingCount, type PartitionBacklog } from '../workers/dead-letter-backlog';
import { reprocessDeadLetters, type ReprocessSummary } from '../workers/dead-letter-reprocessor';
import { reprocessGroupId } from '../workers/dead-letter-size';
import { createIngestion } from '../workers/ingestion';
import { readRanges } from '../workers/topic-range-reader';

const USAGE = `usage: gamification dlq <list|reprocess> [options]

  list        count the dead letters in each topic and show the pending ones (oldest first)
                --topic <journey|topic>   only this dead-letter topic (repeatable; default: all)
                --limit <n>               pending letters shown per topic (default 20)
  reprocess   run the pending dead letters through the engine again; what fails again is
              dead-lettered again with its retry count increased. Event age limits
              (SERVICE_EVENT_MAX_AGE) do not apply: an event's age was judged when first sent
                --topic <journey|topic>   only this dead-letter topic (repeatable; default: all)
                --batch-size <n>          dead letters per engine transaction (default 100)
                --dry-run                 only tell which would pass validation now; change nothing`;

/** `dlq list|reprocess`: inspect and re-process the dead-letter topics. */
export async function dlq(config: AppConfig, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const options = parseOptions(rest);
  kafkaBrokers(config);
  // A command-line report: logs only for problems unless LOG_LEVEL asks for more than info.
  const quietConfig: AppConfig = { ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL };
  const topics = new KafkaTopics(config.KAFKA_TOPIC_PREFIX);
  const selected = selectTopics(topics, options.topic);
  const kafka = createKafka(quietConfig, createLogger(quietConfig.LOG_LEVEL, { component: 'dlq' }), '-dlq');
  const groups = { reprocessGroup: reprocessGroupId(config), readerGroup: `${config.KAFKA_GROUP_ID}.dlq-reader-${randomUUID()}` };
  await ensureTopics(kafka, topics.deadLetters, config.KAFKA_TOPIC_PARTITIONS);
  if (action === 'list') {
    await list(kafka, selected, groups, positiveInt(options.limit, 'limit', 20));
  } else if (action === 'reprocess') {
    const batchSize = positiveInt(options['batch-size'], 'batch-size', 100);
    await reprocess(quietConfig, kafka, topics, { topics: selected, batchSize, ...groups }, options['dry-run'] ?? false);
  } else {
    throw new ConfigError(action ? `dlq: unknown action "${action}"\n${USAGE}` : USAGE);
  }
}

type Groups = { reprocessGroup: string; readerGroup: string };

async function list(kafka: Kafka, topics: string[], groups: Groups, limit: number): Promise<void> {
  const backlog = await deadLetterBacklog(kafka, topics, groups.reprocessGroup);
  print(`Dead-letter topics (re-processing group ${groups.reprocessGroup}):`);
  print(formatCounts(topics, backlog));
  const ranges = backlog.map(({ topic, partition, next, high }) => ({ topic, partition, from: next, to: next + BigInt(limit) < high ? next + BigInt(limit) : high }));
  const letters: { topic: string; line: string }[] = [];
  await readRanges(kafka, ranges, { groupId: groups.readerGroup, commit: false, sliceSize: limit }, async (range, messages) => {
    for (const message of messages) {
      letters.push({ topic: range.topic, line: formatLetter(range.topic, range.partition, message.offset, parseDeadLetter(message.value)) });
    }
    return 'handled';
  });
  for (const topic of topics) {
    const lines = letters.filter((letter) => letter.topic === topic).map((letter) => letter.line).slice(0, limit);
    if (lines.length > 0) print(`\nPending in ${topic}:\n${lines.map((line) => `  ${line}`).join('\n')}`);
  }
}

async function reprocess(
  config: AppConfig,
  kafka: Kafka,
  topics: KafkaTopics,
  options: Groups & { topics: string[]; batchSize: number },
  dryRun: boolean,
): Promise<void> {
  print(`${dryRun ? 'Dry run (validation only, nothing written): checking' : 'Re-processing'} the pending dead letters of ${options.topics.join(', ')} in batches of ${options.batchSize}`);
  print(`Event age limits do not apply (SERVICE_EVENT_MAX_AGE): each event's age was judged when it was first sent`);
  let summary: ReprocessSummary;
  if (dryRun) {
    const parseOptions = { maxFutureSkewMs: config.EVENT_MAX_FUTURE_SKEW_MS, maxPayloadBytes: config.EVENT_MAX_PAYLOAD_BYTES };
    summary = await reprocessDeadLetters(kafka, options, { dryRun: true, isValid: (raw) => passesValidation(raw, parseOptions) });
  } else {
    const runtime = await createRuntime(config, 'dlq');
    const { ingestor, deadLetters } = createIngestion(runtime, new Metrics({ defaultMetrics: false }), kafka, topics, 'dlq');
    try {
      await deadLetters.connect();
      summary = await reprocessDeadLetters(kafka, options, { dryRun: false, ingestor });
    } finally {
      await deadLetters.disconnect();
      await runtime.close();
    }
  }
  print(`processed: ${summary.processed}  succeeded: ${summary.succeeded}  failed: ${summary.failed}${dryRun ? '  (dry run)' : `  skipped (member erased): ${summary.skipped}`}`);
}

function passesValidation(raw: unknown, options: { maxFutureSkewMs: number; maxPayloadBytes: number }): boolean {
  try {
    parseEvent(raw, options);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      options: {
        topic: { type: 'string', multiple: true },
        limit: { type: 'string' },
        'batch-size': { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new ConfigError(`dlq: ${(error as Error).message}\n${USAGE}`);
  }
}

/** `--topic` values: a journey (`health`, `unknown`) or a dead-letter topic name, with or without the prefix. */
function selectTopics(topics: KafkaTopics, requested: string[] | undefined): string[] {
  if (!requested || requested.length === 0) return topics.deadLetters;
  return requested.map((value) => {
    if (isJourney(value) || value === UNKNOWN_JOURNEY) return topics.deadLetter(value);
    const name = [value, `${topics.prefix}${value}`].find((candidate) => topics.isDeadLetter(candidate));
    if (!name) throw new ConfigError(`dlq: "${value}" is not a dead-letter topic (one of: ${topics.deadLetters.join(', ')})`);
    return name;
  });
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new ConfigError(`dlq: --${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function formatCounts(topics: string[], backlog: PartitionBacklog[]): string {
  const width = Math.max(5, ...topics.map((topic) => topic.length));
  const rows = topics.map((topic) => {
    const partitions = backlog.filter((entry) => entry.topic === topic);
    const sum = (count: (entry: PartitionBacklog) => bigint) => partitions.reduce((total, entry) => total + count(entry), 0n);
    return { topic, held: sum(heldCount), pending: sum(pendingCount) };
  });
  const total = rows.reduce((acc, row) => ({ topic: 'total', held: acc.held + row.held, pending: acc.pending + row.pending }), { topic: 'total', held: 0n, pending: 0n });
  const line = (topic: string, held: string, pending: string) => `  ${topic.padEnd(width)}  ${held.padStart(8)}  ${pending.padStart(8)}`;
  return [line('topic', 'held', 'pending'), ...[...rows, total].map((row) => line(row.topic, String(row.held), String(row.pending)))].join('\n');
}

/** One pending letter on one line: where it is, why it failed, and which event it holds (never payload values). */
function formatLetter(topic: string, partition: number, offset: string, letter: DeadLetterMessage | ValidationError): string {
  if (letter instanceof ValidationError) return `${topic} [${partition}]@${offset}  not a dead letter (${letter.message})`;
  const { error, source, retryCount, timestamp } = letter;
  return [
    `${topic} [${partition}]@${offset}`,
    timestamp,
    `${error.category}`,
    `retries=${retryCount}`,
    `from=${source.topic}[${source.partition}]@${source.offset}`,
    describeOriginal(letter),
    `error="${error.message}"`,
  ].join('  ');
}

function describeOriginal(letter: DeadLetterMessage): string {
  if (letter.originalBytes !== undefined) return `raw=${Buffer.from(letter.originalBytes, 'base64').length}B (not JSON)`;
  const event = letter.originalEvent;
  if (event === null || typeof event !== 'object') return 'event=(not an object)';
  const field = (name: string) => {
    const value = (event as Record<string, unknown>)[name];
    return typeof value === 'string' ? value.slice(0, 64) : '-';
  };
  return `type=${field('type')} id=${field('id')} user=${field('userId')}`;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
