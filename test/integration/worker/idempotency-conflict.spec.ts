import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/platform/kafka-topics';
import type { DeadLetterMessage } from '../../../src/workers/dead-letter';
import type { WorkerNode } from '../../../src/workers/worker-node';
import { connectTestKafka, deleteTestTopics, kafkaTestEnv, readAll, startTestWorker, TestProducer, workerTestConfig } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

describe('a Kafka event reusing an id with other content', () => {
  const env = kafkaTestEnv('conflict');
  let database: TestDatabase;
  let worker: WorkerNode;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let producer: TestProducer;

  beforeAll(async () => {
    database = await createTestDatabase('worker_conflict');
    ({ kafka, topics } = await connectTestKafka(env));
    producer = new TestProducer(kafka);
    await producer.connect();
    worker = await startTestWorker(workerTestConfig(database.url, env));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await worker?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  it('should be dead-lettered as VALIDATION (IdempotencyConflictError), while an identical repeat stays a silent duplicate', async () => {
    const userId = randomUUID();
    const plan = topics.source('plan');
    const claim = createTestEvent(EventType.CLAIM_SUBMITTED, { userId });
    await producer.sendOne(plan, { key: userId, value: claim });
    const conflicting = await producer.sendOne(plan, { key: userId, value: { ...claim, data: { ...claim.data, amount: 9_999 } } });
    await producer.sendOne(plan, { key: userId, value: claim });
    const after = createTestEvent(EventType.COVERAGE_CHECKED, { userId });
    await producer.sendOne(plan, { key: userId, value: after });

    await eventually(async () => (await database.query('SELECT 1 FROM processed_events WHERE user_id = $1 AND event_id = $2', [userId, after.id])).length === 1, 20_000);
    const letters = (await readAll(kafka, topics.deadLetter('plan'), 1)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    expect(letters).toEqual([
      expect.objectContaining({
        originalEvent: expect.objectContaining({ id: claim.id, data: expect.objectContaining({ amount: 9_999 }) }),
        error: expect.objectContaining({ name: 'IdempotencyConflictError', category: 'VALIDATION', message: expect.stringContaining('already used for an event with other content') }),
        retryCount: 0,
        source: conflicting,
      }),
    ]);
    const [ledger] = await database.query<{ points: string }>(`SELECT coalesce(sum(points), 0) AS points FROM points_ledger WHERE user_id = $1 AND event_id = $2`, [userId, claim.id]);
    expect(Number(ledger.points)).toBe(30);
  });
});
