/**
 * The raw baseline of `npm run bench:worker`: the same Kafka consumption as the worker (one
 * group over the four event topics, eachBatch, the same slice size and partition concurrency,
 * offsets committed after each slice) but each slice only becomes one multi-row INSERT into one
 * table. What the worker does on top of this is the engine's work. Run by bench/worker.ts as a
 * separate process, like the worker; configured by the same environment variables.
 */
import { Client } from 'pg';
import { loadConfig } from '../src/platform/config';
import { createKafka } from '../src/platform/kafka';
import { KafkaTopics } from '../src/kafka/kafka-topics';
import { createLogger } from '../src/platform/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = new Client({ connectionString: config.DATABASE_URL });
  await database.connect();
  await database.query('CREATE TABLE IF NOT EXISTS raw_events (topic text NOT NULL, partition integer NOT NULL, "offset" bigint NOT NULL, payload jsonb NOT NULL)');
  const pool = Array.from({ length: config.WORKER_PARTITIONS_CONCURRENCY }, () => new Client({ connectionString: config.DATABASE_URL }));
  await Promise.all(pool.map((client) => client.connect()));
  const idle = [...pool];

  const kafka = createKafka(config, createLogger(config.LOG_LEVEL, { component: 'raw-baseline' }));
  const consumer = kafka.consumer({ groupId: config.KAFKA_GROUP_ID, maxWaitTimeInMs: config.KAFKA_FETCH_MAX_WAIT_MS, sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS });
  await consumer.connect();
  await consumer.subscribe({ topics: new KafkaTopics(config.KAFKA_TOPIC_PREFIX).sources, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.WORKER_PARTITIONS_CONCURRENCY,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      const client = idle.pop()!;
      try {
        for (let start = 0; start < batch.messages.length; start += config.WORKER_MAX_BATCH) {
          const slice = batch.messages.slice(start, start + config.WORKER_MAX_BATCH);
          await client.query(
            `INSERT INTO raw_events (topic, partition, "offset", payload)
             SELECT $1, $2, o, p FROM unnest($3::bigint[], $4::jsonb[]) AS x(o, p)`,
            [batch.topic, batch.partition, slice.map((message) => message.offset), slice.map((message) => message.value?.toString() ?? 'null')],
          );
          resolveOffset(slice[slice.length - 1].offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      } finally {
        idle.push(client);
      }
    },
  });
  process.stdout.write('raw baseline consumer ready\n');
  const stop = async () => {
    await consumer.disconnect();
    await Promise.all([database, ...pool].map((client) => client.end()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
