import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { BREAKER_STATE_VALUE } from '../../../src/platform/metrics';
import type { WorkerNode } from '../../../src/workers/worker-node';
import { connectTestKafka, countMessages, deleteTestTopics, kafkaTestEnv, produce, startTestWorker, workerTestConfig } from '../../support/kafka-harness';
import { writeRulesFile } from '../../support/rules-files';
import { eventually } from '../../support/spawn-process';
import { TcpProxy } from '../../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

/** 1 point for every medication taken, no caps, no achievements: the ledger sum is the event count. */
const ONE_POINT_RULES = `
levels: [0]
rules:
  - { id: medication-taken, event: MEDICATION_TAKEN, points: 1 }
`;

describe('the worker while PostgreSQL is unreachable', () => {
  const env = kafkaTestEnv('outage');
  let database: TestDatabase;
  let proxy: TcpProxy;
  let worker: WorkerNode;
  let kafka: Kafka;
  let topics: KafkaTopics;

  beforeAll(async () => {
    database = await createTestDatabase('worker_outage');
    ({ kafka, topics } = await connectTestKafka(env));
    proxy = await TcpProxy.start('127.0.0.1', 5432);
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    worker = await startTestWorker(
      workerTestConfig(viaProxy.toString(), {
        ...env,
        RULES_FILE: writeRulesFile(ONE_POINT_RULES),
        DATABASE_BREAKER_HALF_OPEN_MS: '300',
        DATABASE_BREAKER_MAX_HALF_OPEN_MS: '1500',
      }),
    );
  });

  afterAll(async () => {
    await proxy?.restore();
    await worker?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await proxy?.cut();
    await database?.drop();
  });

  const ledger = async () => {
    const [row] = await database.query<{ points: string; events: string; lines: string }>(
      `SELECT (SELECT coalesce(sum(points), 0) FROM points_ledger) AS points,
              (SELECT count(*) FROM processed_events) AS events,
              (SELECT count(*) FROM points_ledger) AS lines`,
    );
    return { points: Number(row.points), events: Number(row.events), lines: Number(row.lines) };
  };

  const USERS = Array.from({ length: 20 }, () => randomUUID());
  const medication = (count: number) =>
    Array.from({ length: count }, (_, index) => {
      const userId = USERS[index % USERS.length];
      return { key: userId, value: createTestEvent(EventType.MEDICATION_TAKEN, { userId }) };
    });
  const breakerState = async () => (await worker.metrics.breakerState.get()).values.find((value) => value.labels.breaker === 'database')?.value;
  const databaseRetries = async () => (await worker.metrics.retries.get()).values.find((value) => value.labels.policy === 'database')?.value ?? 0;

  it('should hold consumption without dead-lettering, then process every event exactly once when it is back', async () => {
    await produce(kafka, topics.source('care'), medication(200));
    await eventually(async () => (await ledger()).events === 200, 30_000);

    await proxy.cut();
    const duringOutage = medication(300);
    await produce(kafka, topics.source('care'), duringOutage);
    await eventually(async () => (await breakerState()) === BREAKER_STATE_VALUE.open, 20_000);
    // The worker keeps trying through the outage (half-open probes 300 ms apart, backing off to 1.5 s) and is held each time.
    const retriesAtOpen = await databaseRetries();
    await eventually(async () => (await databaseRetries()) >= retriesAtOpen + 3, 20_000, 50);

    expect((await ledger()).events).toBe(200);
    const retriesDuringOutage = await databaseRetries();
    // Backing off, not spinning: a handful of retries per partition over the outage, not thousands.
    expect(retriesDuringOutage).toBeLessThan(60);
    for (const topic of topics.deadLetters) expect(await countMessages(kafka, topic)).toBe(0);

    await proxy.restore();
    await eventually(async () => (await ledger()).events === 500, 30_000);
    expect(await ledger()).toEqual({ points: 500, events: 500, lines: 500 });
    await eventually(async () => (await breakerState()) === BREAKER_STATE_VALUE.closed, 10_000);
    for (const topic of topics.deadLetters) expect(await countMessages(kafka, topic)).toBe(0);
  });
});
