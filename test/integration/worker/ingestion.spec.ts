import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import type { WorkerNode } from '../../../src/workers/worker-node';
import { startTestApi } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { committedOffsetTotal, connectTestKafka, deleteTestTopics, endOffsetTotal, kafkaTestEnv, produce, startTestWorker, workerTestConfig } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

const MEMBER = `
  query Member($userId: ID!) {
    profile(userId: $userId) { totalPoints level }
    achievements(userId: $userId) { achievement { key } unlocked }
  }`;

jest.setTimeout(60_000);

describe('the Kafka worker', () => {
  const env = kafkaTestEnv('ingestion');
  let database: TestDatabase;
  let api: ApiNode;
  let worker: WorkerNode;
  let kafka: Kafka;
  let topics: KafkaTopics;

  beforeAll(async () => {
    database = await createTestDatabase('worker_ingestion');
    ({ kafka, topics } = await connectTestKafka(env));
    worker = await startTestWorker(workerTestConfig(database.url, env));
    api = await startTestApi({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  const member = async (userId: string) => {
    const response = await graphql(api.url, MEMBER, { userId }, await userToken(userId));
    expect(response.errors).toBeUndefined();
    const achievements = (response.data?.achievements as { achievement: { key: string }; unlocked: boolean }[]) ?? [];
    return {
      totalPoints: (response.data?.profile as { totalPoints: number } | null)?.totalPoints ?? 0,
      unlocked: achievements.filter((entry) => entry.unlocked).map((entry) => entry.achievement.key).sort(),
    };
  };

  const processedCount = async (userId: string) =>
    Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = $1', [userId]))[0].n);

  it('should turn events produced to each journey topic into points and achievements visible through GraphQL', async () => {
    const userId = randomUUID();
    await produce(kafka, topics.source('health'), [
      { key: userId, value: createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never }) },
    ]);
    await produce(kafka, topics.source('care'), [{ key: userId, value: createTestEvent(EventType.APPOINTMENT_BOOKED, { userId }) }]);
    await produce(kafka, topics.source('plan'), [{ key: userId, value: createTestEvent(EventType.CLAIM_SUBMITTED, { userId }) }]);
    await produce(kafka, topics.source('user'), [{ key: userId, value: createTestEvent(EventType.USER_REGISTERED, { userId }) }]);

    // 12,000 steps: 5 + 20 + first-steps 10; booking: 10 + care-starter 10; claim: 15 + claim-pro 15; registration: 50 + welcome 0.
    const expected = { totalPoints: 135, unlocked: ['care-starter', 'claim-pro', 'first-steps', 'welcome'] };
    await eventually(async () => JSON.stringify(await member(userId)) === JSON.stringify(expected), 30_000);
    expect(await member(userId)).toEqual(expected);
  });

  it('should award once when the same event is produced twice', async () => {
    const userId = randomUUID();
    const event = createTestEvent(EventType.APPOINTMENT_ATTENDED, { userId });
    await produce(kafka, topics.source('care'), [{ key: userId, value: event }]);
    await produce(kafka, topics.source('care'), [{ key: userId, value: event }]);
    const marker = createTestEvent(EventType.DAILY_LOGIN, { userId });
    await produce(kafka, topics.source('user'), [{ key: userId, value: marker }]);

    await eventually(async () => (await processedCount(userId)) === 2, 30_000);
    const ledger = await database.query<{ event_id: string; points: number }>('SELECT event_id, points FROM points_ledger WHERE user_id = $1 ORDER BY event_id', [userId]);
    expect(ledger.filter((line) => line.event_id === event.id)).toEqual([{ event_id: event.id, points: 40 }]);
    expect((await member(userId)).totalPoints).toBe(45);
  });

  it('should keep a member’s events in offset order', async () => {
    const userId = randomUUID();
    const steps = Array.from({ length: 12 }, () =>
      createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 3000, unit: 'steps' } as never }),
    );
    await produce(kafka, topics.source('health'), steps.map((value) => ({ key: userId, value })));

    await eventually(async () => (await processedCount(userId)) === 12, 30_000);
    // metric-recorded is capped at 10 a day: the first ten in offset order score (the first with first-steps).
    const results = await database.query<{ event_id: string; points: number }>(
      `SELECT event_id, (result->>'pointsAwarded')::int AS points FROM processed_events WHERE user_id = $1`,
      [userId],
    );
    const pointsById = new Map(results.map((row) => [row.event_id, row.points]));
    expect(steps.map((event) => pointsById.get(event.id!))).toEqual([15, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0]);
  });

  it('should award once when a restarted consumer gets messages again that it had processed but not committed', async () => {
    const userId = randomUUID();
    const withoutId = { ...createTestEvent(EventType.TELEMEDICINE_SESSION_COMPLETED, { userId }), id: undefined };
    await produce(kafka, topics.source('care'), [
      { key: userId, value: withoutId },
      { key: userId, value: createTestEvent(EventType.PROVIDER_RATED, { userId }) },
    ]);
    await eventually(async () => (await processedCount(userId)) === 2, 30_000);
    const before = await member(userId);
    expect(before.totalPoints).toBe(35);

    // As if the worker had died before committing: rewind the group to the start of the topic.
    await worker.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: env.KAFKA_GROUP_ID, topic: topics.source('care'), earliest: true });
    await admin.disconnect();
    worker = await startTestWorker(workerTestConfig(database.url, env));
    const care = [topics.source('care')];
    await eventually(async () => (await committedOffsetTotal(kafka, env.KAFKA_GROUP_ID, care)) === (await endOffsetTotal(kafka, care)), 30_000);

    const redelivered = (await worker.metrics.eventsProcessed.get()).values.filter((value) => value.labels.outcome === 'duplicate');
    expect(redelivered.reduce((sum, value) => sum + value.value, 0)).toBeGreaterThanOrEqual(2);
    expect(await member(userId)).toEqual(before);
    expect(await processedCount(userId)).toBe(2);
  });
});

