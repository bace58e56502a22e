import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import { produce, spawnWorkerFixture, type SpawnedWorkerFixture } from '../../support/kafka-harness';
import { Scrape } from '../../support/prometheus-text';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(90_000);

describe("the worker's metrics and health endpoint", () => {
  let fixture: SpawnedWorkerFixture;

  beforeAll(async () => {
    fixture = await spawnWorkerFixture('worker_metrics', { DLQ_SIZE_REFRESH_SECONDS: '1' });
  });

  afterAll(() => fixture?.stop());

  it('should count consumed events, dead letters, the dead-letter size, lag and the breaker state', async () => {
    const before = await Scrape.of(fixture.url);
    const userId = randomUUID();
    await produce(fixture.kafka, fixture.topics.source('care'), [
      { key: userId, value: createTestEvent(EventType.APPOINTMENT_BOOKED, { userId }) },
      { key: userId, value: createTestEvent(EventType.MEDICATION_TAKEN, { userId }) },
      { key: userId, value: 'not json at all' },
    ]);
    const deadLetters = fixture.topics.deadLetter('care');
    const after = await eventually(async () => {
      const scrape = await Scrape.of(fixture.url);
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
    const response = await fetch(`${fixture.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' }, kafka: { status: 'ok' } } });
  });
});
