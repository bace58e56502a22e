import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/platform/kafka-topics';
import { connectTestKafka, deleteTestTopics, kafkaTestEnv, produce } from '../../support/kafka-harness';
import { Scrape } from '../../support/prometheus-text';
import { eventually, freePort, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

describe("the worker's metrics and health endpoint", () => {
  const env = kafkaTestEnv('worker_metrics');
  let database: TestDatabase;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let worker: SpawnedProcess;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('worker_metrics');
    ({ kafka, topics } = await connectTestKafka(env));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = spawnMain(['worker'], { ...env, DATABASE_URL: database.url, OPS_PORT: String(port), HOST: '127.0.0.1', DLQ_SIZE_REFRESH_SECONDS: '1' });
    await worker.waitFor('metrics and health endpoint ready', 60_000);
  });

  afterAll(async () => {
    await worker?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  it('should count consumed events, dead letters, the dead-letter size, lag and the breaker state', async () => {
    const before = await Scrape.of(url);
    const userId = randomUUID();
    await produce(kafka, topics.source('care'), [
      { key: userId, value: createTestEvent(EventType.APPOINTMENT_BOOKED, { userId }) },
      { key: userId, value: createTestEvent(EventType.MEDICATION_TAKEN, { userId }) },
      { key: userId, value: 'not json at all' },
    ]);
    const deadLetters = topics.deadLetter('care');
    const after = await eventually(async () => {
      const scrape = await Scrape.of(url);
      return scrape.value('gamification_dlq_size', { topic: deadLetters }) === 1 && scrape;
    }, 30_000);
    const fromKafka = (type: string, outcome: string) => after.delta(before, 'gamification_events_processed_total', { source: 'kafka', journey: 'care', type, outcome });
    expect({
      booked: fromKafka(EventType.APPOINTMENT_BOOKED, 'processed'),
      taken: fromKafka(EventType.MEDICATION_TAKEN, 'processed'),
      deadLettered: after.delta(before, 'gamification_dlq_messages_total', { topic: deadLetters, category: 'VALIDATION' }),
      breaker: after.value('gamification_circuit_breaker_state', { breaker: 'database' }),
    }).toEqual({ booked: 1, taken: 1, deadLettered: 1, breaker: 0 });
    expect(after.has('gamification_consumer_lag')).toBe(true);
    expect(after.has('gamification_process_resident_memory_bytes')).toBe(true);
  });

  it('should report the database and Kafka on /health/ready', async () => {
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, kafka: { status: 'ok' } } });
  });
});
