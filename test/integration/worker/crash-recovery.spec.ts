import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, journeyOfType } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { committedOffsetTotal, connectTestKafka, deleteTestTopics, kafkaTestEnv, TestProducer } from '../../support/kafka-harness';
import { groupBy } from '../../support/group-by';
import { ONE_POINT_EACH, writeRulesFile } from '../../support/rules-files';
import { eventuallyReporting, processReport, runMain, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const EVENTS = 10_000;

describe('worker processes crashing, stopping and joining in the middle of a stream', () => {
  const env = kafkaTestEnv('sigkill');
  let database: TestDatabase;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let producer: TestProducer;
  const workers: SpawnedProcess[] = [];
  /** Producing loops still running when a test fails: awaited before the producer disconnects. */
  const streams: Promise<void>[] = [];
  const rulesFile = writeRulesFile(ONE_POINT_EACH);

  beforeAll(async () => {
    database = await createTestDatabase('worker_sigkill');
    // Migrated before any worker starts: totals() reads three tables in one statement, and run while a
    // starting worker's migrations alter them it can deadlock with them (PostgreSQL then fails the migration).
    expect(await runMain(['migrate'], { DATABASE_URL: database.url, RULES_FILE: rulesFile, LOG_LEVEL: 'warn' })).toMatchObject({ code: 0 });
    ({ kafka, topics } = await connectTestKafka(env));
    producer = new TestProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await Promise.allSettled(streams);
    await producer?.disconnect();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  const startWorker = () => {
    const worker = spawnMain(['worker'], {
      ...env,
      DATABASE_URL: database.url,
      RULES_FILE: rulesFile,
      LOG_LEVEL: 'warn',
      WORKER_MAX_BATCH: '250',
    });
    workers.push(worker);
    return worker;
  };

  const track = (produce: () => Promise<void>) => {
    const streaming = produce();
    streams.push(streaming);
    return streaming;
  };

  /** The exit code of a stopped worker, or its log when that code is not 0. */
  const stopped = async (worker: SpawnedProcess, signal: NodeJS.Signals) => {
    const code = await worker.stop(signal);
    return code === 0 ? 0 : processReport(worker);
  };

  /** Waits for `check`; on a timeout the error carries the totals and each worker's state and log. */
  const settles = (check: () => Promise<boolean>, timeoutMs: number, intervalMs: number) =>
    eventuallyReporting(workers, async () => `totals ${JSON.stringify(await totals())}`, check, timeoutMs, intervalMs);

  const totals = async () => {
    const [row] = await database.query<{ processed: string; ledger: string; profiles: string }>(
      `SELECT (SELECT count(*) FROM processed_events) AS processed,
              (SELECT coalesce(sum(points), 0) FROM points_ledger) AS ledger,
              (SELECT coalesce(sum(total_points), 0) FROM profiles) AS profiles`,
    );
    return { processed: Number(row.processed), ledger: Number(row.ledger), profiles: Number(row.profiles) };
  };

  it('should, after SIGKILL and a restart, leave a ledger summing to exactly one point per event for all 10,000', async () => {
    const users = Array.from({ length: 100 }, () => randomUUID());
    const planned = Array.from({ length: EVENTS }, (_, index) => {
      const type = EVENT_TYPES[index % EVENT_TYPES.length];
      const userId = users[index % users.length];
      const event = createTestEvent(type, { userId });
      // Half carry no id: their idempotency key is the deterministic topic-partition-offset.
      const value = index % 2 === 0 ? { ...event, id: undefined } : event;
      return { topic: topics.source(journeyOfType(type)), key: userId, value };
    });
    const chunks = [...groupBy(planned, ({ topic }) => topic)].flatMap(([topic, messages]) =>
      Array.from({ length: Math.ceil(messages.length / 250) }, (_, index) => ({ topic, messages: messages.slice(index * 250, (index + 1) * 250) })),
    );

    const first = startWorker();
    const streaming = track(async () => {
      for (const [index, chunk] of chunks.entries()) {
        await producer.send(chunk.topic, chunk.messages);
        if (index % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    await settles(async () => (await totals()).processed >= 2000, 60_000, 20);
    await first.stop('SIGKILL');
    const atKill = (await totals()).processed;
    expect(atKill).toBeLessThan(EVENTS);

    const second = startWorker();
    await streaming;
    await settles(async () => (await totals()).processed === EVENTS, 90_000, 250);
    // Settled once every message's offset is committed: nothing is left to apply (twice or at all).
    await settles(async () => (await committedOffsetTotal(kafka, env.KAFKA_GROUP_ID, topics.sources)) === EVENTS, 30_000, 250);
    expect(await totals()).toEqual({ processed: EVENTS, ledger: EVENTS, profiles: EVENTS });
    expect(await stopped(second, 'SIGTERM')).toBe(0);
  });

  it('should lose and apply twice nothing while workers join and leave the group mid-stream (rebalances)', async () => {
    const before = await totals();
    const users = Array.from({ length: 50 }, () => randomUUID());
    const messages = Array.from({ length: 6000 }, (_, index) => {
      const userId = users[index % users.length];
      return { key: userId, value: createTestEvent(EVENT_TYPES[(index * 5) % 8], { userId }) };
    });
    const first = startWorker();
    const streaming = track(async () => {
      for (let start = 0; start < messages.length; start += 300) {
        await producer.send(topics.source('health'), messages.slice(start, start + 300));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    await settles(async () => (await totals()).processed >= before.processed + 1000, 60_000, 20);
    const second = startWorker();
    await settles(async () => (await totals()).processed >= before.processed + 3000, 60_000, 20);
    expect(await stopped(first, 'SIGTERM')).toBe(0);
    await streaming;

    const expected = { processed: before.processed + 6000, ledger: before.ledger + 6000, profiles: before.profiles + 6000 };
    await settles(async () => (await totals()).processed === expected.processed, 60_000, 250);
    expect(await totals()).toEqual(expected);
    expect(await stopped(second, 'SIGTERM')).toBe(0);
  });

  it('should, on SIGTERM, finish the slice in hand, commit its offsets and exit 0', async () => {
    const before = (await totals()).processed;
    const userId = randomUUID();
    const messages = Array.from({ length: 3000 }, () => ({ key: userId, value: createTestEvent(EVENT_TYPES[0], { userId }) }));
    const worker = startWorker();
    await producer.send(topics.source('health'), messages);
    await settles(async () => (await totals()).processed > before, 60_000, 20);

    expect(await stopped(worker, 'SIGTERM')).toBe(0);
    // Every event committed in PostgreSQL is covered by a committed offset: nothing will be replayed.
    expect(await committedOffsetTotal(kafka, env.KAFKA_GROUP_ID, topics.sources)).toBe((await totals()).processed);
  });
});
