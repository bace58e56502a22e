import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { PrivateRedis } from '../../support/private-redis';
import { eventually } from '../../support/spawn-process';
import { collect, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

jest.setTimeout(90_000);

const CATCH_UP = `
  query CatchUp($userId: ID!, $after: ID) {
    notifications(userId: $userId, after: $after) { id kind eventId payload { ... on PointsAwarded { points } } }
  }`;

describe('Redis stopped and restarted during a stream of events', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let api: ApiNode;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('realtime_redis_outage');
    redis = await PrivateRedis.start();
    api = await startTestApi({ databaseUrl: database.url, env: { REDIS_URL: redis.url, CHANNEL_PREFIX: `test-${randomUUID()}` } });
  });

  afterAll(async () => {
    await client?.dispose();
    await api?.stop();
    await redis?.stop();
    await database?.drop();
  });

  const loginEvent = (userId: string) => ({ ...createTestEvent(EventType.DEVICE_SYNCED, { userId }), version: undefined, timestamp: undefined });

  it('should keep recording, report degraded, lose no notification and let the catch-up query return the gap', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    client = wsClient(api.url, token);
    const points = collect<{ notificationId: string; eventId: string }>(client, POINTS_AWARDED, { userId }, 'pointsAwarded');
    await untilSubscribed(api.url, 'pointsAwarded');

    const before = loginEvent(userId);
    expect((await graphql(api.url, RECORD_EVENT, { event: before }, token)).errors).toBeUndefined();
    const [live] = await points.waitFor(1);

    await redis.stop();
    const during = [loginEvent(userId), loginEvent(userId), loginEvent(userId)];
    for (const event of during) {
      const recorded = await graphql(api.url, RECORD_EVENT, { event }, token);
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data?.recordEvent.pointsAwarded).toBe(2);
    }
    const ready = await eventually(async () => {
      const body = (await (await fetch(`${api.url}/health/ready`)).json()) as { status: string; checks: Record<string, { status: string }> };
      return body.checks['redis-pubsub']?.status !== 'ok' && body;
    });
    expect(ready).toMatchObject({ status: 'degraded' });
    const waiting = await database.query<{ event_id: string }>(`SELECT o.event_id FROM outbox_pending p JOIN outbox o USING (id) ORDER BY p.id`);
    expect(waiting.map((row) => row.event_id)).toEqual(during.map((event) => event.id));

    const gap = await graphql<{ notifications: { id: string; kind: string; eventId: string; payload: { points: number } }[] }>(
      api.url,
      CATCH_UP,
      { userId, after: live.notificationId },
      token,
    );
    expect(gap.errors).toBeUndefined();
    expect(gap.data?.notifications.map((n) => [n.kind, n.eventId, n.payload.points])).toEqual(during.map((event) => ['POINTS_AWARDED', event.id, 2]));

    await redis.restart();
    await points.waitFor(4, 20_000);
    const after = loginEvent(userId);
    expect((await graphql(api.url, RECORD_EVENT, { event: after }, token)).errors).toBeUndefined();
    await points.waitFor(5, 10_000);
    expect(points.received.map((p) => p.eventId)).toEqual([before, ...during, after].map((event) => event.id));
    await eventually(async () => (await database.query(`SELECT 1 FROM outbox_pending`)).length === 0);
  });
});
