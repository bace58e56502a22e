import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { createTestEvent, EventType } from '../../../src/kit';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { ACHIEVEMENT_UNLOCKED, activeSubscriptions, collect, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken, userToken } from '../../support/tokens';

interface PointsAwardedMessage {
  notificationId: string;
  eventId: string;
  userId: string;
  points: number;
  totalPoints: number;
  eventType: string;
  awardedAt: string;
}

interface AchievementUnlockedMessage {
  notificationId: string;
  eventId: string;
  userId: string;
  achievement: { key: string; title: string };
  unlockedAt: string;
}

function stepsEvent(userId: string, overrides: Record<string, unknown> = {}) {
  const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never });
  return { ...event, version: undefined, timestamp: undefined, ...overrides };
}

jest.setTimeout(60_000);

describe('notifications across two API nodes over Redis', () => {
  let database: TestDatabase;
  let nodeA: SpawnedProcess & { url: string };
  let nodeB: SpawnedProcess & { url: string };
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('realtime_multi');
    const env = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', CHANNEL_PREFIX: `test-${randomUUID()}` };
    nodeA = await spawnApi(env);
    nodeB = await spawnApi(env);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.drop();
  });

  /** Subscribes a member's app on node A to both fields; resolves once both are live there. */
  async function subscribeOnA(userId: string) {
    const open = { achievements: await activeSubscriptions(nodeA.url, 'achievementUnlocked'), points: await activeSubscriptions(nodeA.url, 'pointsAwarded') };
    const client = wsClient(nodeA.url, await userToken(userId));
    clients.push(client);
    const achievements = collect<AchievementUnlockedMessage>(client, ACHIEVEMENT_UNLOCKED, { userId }, 'achievementUnlocked');
    const points = collect<PointsAwardedMessage>(client, POINTS_AWARDED, { userId }, 'pointsAwarded');
    await untilSubscribed(nodeA.url, 'achievementUnlocked', open.achievements + 1);
    await untilSubscribed(nodeA.url, 'pointsAwarded', open.points + 1);
    return { achievements, points };
  }

  it('should deliver achievementUnlocked and pointsAwarded on node A for an event recorded on node B', async () => {
    const userId = randomUUID();
    const { achievements, points } = await subscribeOnA(userId);

    const event = stepsEvent(userId);
    const recorded = await graphql(nodeB.url, RECORD_EVENT, { event }, await userToken(userId));
    expect(recorded.errors).toBeUndefined();

    const [award] = await points.waitFor(1);
    expect(award).toMatchObject({ eventId: event.id, userId, points: 35, totalPoints: 35, eventType: 'HEALTH_METRIC_RECORDED' });
    expect(Number.isNaN(Date.parse(award.awardedAt))).toBe(false);
    const [unlocked] = await achievements.waitFor(1);
    expect(unlocked).toMatchObject({ eventId: event.id, userId, achievement: { key: 'first-steps', title: 'First Steps' } });
    expect(achievements.errors).toEqual([]);
  });

  it('should notify exactly the events that committed: not rejected ones, not replays', async () => {
    const userId = randomUUID();
    const { points } = await subscribeOnA(userId);
    const token = await userToken(userId);

    const first = stepsEvent(userId);
    const invalid = stepsEvent(userId, { data: { metricType: 'STEPS', value: 'lots', unit: 'steps' } });
    const second = { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined };
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: first }, token)).errors).toBeUndefined();
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: invalid }, token)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: first }, token)).data?.recordEvent.duplicate).toBe(true);
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: second }, token)).errors).toBeUndefined();

    // A last event is the barrier: a notification of the rejected event or of the replay would arrive before its own.
    const barrier = stepsEvent(userId);
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: barrier }, token)).errors).toBeUndefined();
    await points.waitFor(3);
    expect(points.received.map((p) => p.eventId)).toEqual([first.id, second.id, barrier.id]);
  });

  it('should tell a member only about their own events', async () => {
    const memberX = randomUUID();
    const memberY = randomUUID();
    const x = await subscribeOnA(memberX);
    const y = await subscribeOnA(memberY);

    const service = await serviceToken();
    const forY = stepsEvent(memberY);
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: forY }, service)).errors).toBeUndefined();
    await y.points.waitFor(1);
    const forX = { ...createTestEvent(EventType.DAILY_LOGIN, { userId: memberX }), version: undefined, timestamp: undefined };
    expect((await graphql(nodeB.url, RECORD_EVENT, { event: forX }, service)).errors).toBeUndefined();
    await x.points.waitFor(1);

    expect(x.points.received.map((p) => p.userId)).toEqual([memberX]);
    expect(x.achievements.received).toEqual([]);
    expect(y.points.received.map((p) => p.eventId)).toEqual([forY.id]);
  });
});
