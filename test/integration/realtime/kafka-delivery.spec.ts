import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { createTestEvent, EventType } from '../../../src/kit';
import { connectTestKafka, kafkaTestEnv, produce } from '../../support/kafka-harness';
import { spawnApi, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { ACHIEVEMENT_UNLOCKED, collect, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

jest.setTimeout(120_000);

describe('notifications for events produced to Kafka', () => {
  const kafkaEnv = kafkaTestEnv('realtime');
  let database: TestDatabase;
  let api: SpawnedProcess & { url: string };
  let worker: SpawnedProcess;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('realtime_kafka');
    const shared = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', CHANNEL_PREFIX: `test-${randomUUID()}` };
    // The API node runs no relay: the worker's relay is the only way a notification can reach it.
    api = await spawnApi({ ...shared, OUTBOX_RELAY: 'false' });
    worker = spawnMain(['worker'], { ...shared, ...kafkaEnv });
    await worker.waitFor('worker ready', 60_000);
  });

  afterAll(async () => {
    await client?.dispose();
    await Promise.all([api?.stop(), worker?.stop()]);
    await database?.drop();
  });

  it('should deliver pointsAwarded and achievementUnlocked to a subscriber on an API node', async () => {
    const userId = randomUUID();
    client = wsClient(api.url, await userToken(userId));
    const points = collect<{ eventId: string; userId: string; points: number; totalPoints: number; eventType: string }>(client, POINTS_AWARDED, { userId }, 'pointsAwarded');
    const achievements = collect<{ eventId: string; achievement: { key: string } }>(client, ACHIEVEMENT_UNLOCKED, { userId }, 'achievementUnlocked');
    await untilSubscribed(api.url, 'pointsAwarded');
    await untilSubscribed(api.url, 'achievementUnlocked');

    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never });
    const { kafka, topics } = await connectTestKafka(kafkaEnv);
    await produce(kafka, topics.source('health'), [{ key: userId, value: event }]);

    const [award] = await points.waitFor(1, 30_000);
    expect(award).toMatchObject({ eventId: event.id, userId, points: 35, totalPoints: 35, eventType: 'HEALTH_METRIC_RECORDED' });
    const [unlocked] = await achievements.waitFor(1);
    expect(unlocked).toMatchObject({ eventId: event.id, achievement: { key: 'first-steps' } });
  });
});
