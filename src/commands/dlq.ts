import { parseArgs } from 'node:util';
import { createRuntime } from '../app/runtime';
import { reprocessingIngestion } from '../app/kafka-ingestion';
import { DeadLetterDesk, type DeadLetterCount, type PendingDeadLetter } from '../dead-letters/dead-letter-desk';
import { ValidationError } from '../contract';
import { selectDeadLetterTopics } from '../dead-letters/topic-selection';
import { ConfigError, type AppConfig } from '../platform/config';
import { createKafka, kafkaBrokers } from '../platform/kafka';
import { KafkaTopics } from '../kafka/kafka-topics';
import { createLogger } from '../platform/logger';
import type { DeadLetterMessage } from '../kafka/dead-letter';

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
  const desk = new DeadLetterDesk(quietConfig, kafka, topics, reprocessingIngestion(kafka, topics, { open: () => createRuntime(quietConfig, 'dlq') }));
  if (action === 'list') {
    await list(desk, selected, positiveInt(options.limit, 'limit', 20));
  } else if (action === 'reprocess') {
    const batchSize = positiveInt(options['batch-size'], 'batch-size', 100);
    await reprocess(desk, selected, batchSize, options['dry-run'] ?? false);
  } else {
    throw new ConfigError(action ? `dlq: unknown action "${action}"\n${USAGE}` : USAGE);
  }
}

async function list(desk: DeadLetterDesk, topics: string[], limit: number): Promise<void> {
  const { counts, letters } = await desk.pending(topics, limit);
  print(`Dead-letter topics (re-processing group ${desk.groupId}):`);
  print(formatCounts(counts));
  for (const topic of topics) {
    const lines = letters.filter((letter) => letter.topic === topic).map(formatLetter);
    if (lines.length > 0) print(`\nPending in ${topic}:\n${lines.map((line) => `  ${line}`).join('\n')}`);
  }
}

async function reprocess(desk: DeadLetterDesk, topics: string[], batchSize: number, dryRun: boolean): Promise<void> {
  print(`${dryRun ? 'Dry run (validation only, nothing written): checking' : 'Re-processing'} the pending dead letters of ${topics.join(', ')} in batches of ${batchSize}`);
  print(`Event age limits do not apply (SERVICE_EVENT_MAX_AGE): each event's age was judged when it was first sent`);
  const summary = await desk.reprocess({ topics, batchSize, dryRun });
  print(`processed: ${summary.processed}  succeeded: ${summary.succeeded}  failed: ${summary.failed}${dryRun ? '  (dry run)' : `  skipped (member erased): ${summary.skipped}`}`);
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
  try {
    return selectDeadLetterTopics(topics, requested);
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(`dlq: ${error.message}`);
    throw error;
  }
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new ConfigError(`dlq: --${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function formatCounts(counts: DeadLetterCount[]): string {
  const width = Math.max(5, ...counts.map((count) => count.topic.length));
  const total = counts.reduce((acc, row) => ({ topic: 'total', held: acc.held + row.held, pending: acc.pending + row.pending }), { topic: 'total', held: 0n, pending: 0n });
  const line = (topic: string, held: string, pending: string) => `  ${topic.padEnd(width)}  ${held.padStart(8)}  ${pending.padStart(8)}`;
  return [line('topic', 'held', 'pending'), ...[...counts, total].map((row) => line(row.topic, String(row.held), String(row.pending)))].join('\n');
}

/** One pending letter on one line: where it is, why it failed, and which event it holds (never payload values). */
function formatLetter({ topic, partition, offset, letter }: PendingDeadLetter): string {
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
