import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import type { ApiNode } from '../../../src/http/api-node';
import { OUTBOX_CHANNEL } from '../../../src/engine/store/postgres-engine-store';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { eventually } from '../../support/spawn-process';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { collect, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const CATCH_UP = `
  query CatchUp($userId: ID!, $after: ID, $limit: Int) {
    notifications(userId: $userId, after: $after, limit: $limit) {
      id kind eventId userId createdAt
      payload {
        __typename
        ... on PointsAwarded { notificationId points totalPoints }
        ... on AchievementUnlocked { notificationId achievement { key } }
        ... on LevelUp { level previousLevel }
      }
    }
  }`;

interface CatchUpNotification {
  id: string;
  kind: string;
  eventId: string;
  payload: { __typename: string; notificationId?: string; points?: number; achievement?: { key: string } };
}

describe('notifications come only from committed events', () => {
  let database: TestDatabase;
  let api: ApiNode;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('realtime_committed');
    api = await startTestApi({ databaseUrl: database.url, env: { REDIS_URL: 'redis://127.0.0.1:6379', CHANNEL_PREFIX: `test-${randomUUID()}` } });
    // The database fails any event whose id starts with "doomed-" late in its transaction, after points and achievements were written.
    await database.query(`
      CREATE FUNCTION fail_doomed_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id LIKE 'doomed-%' THEN RAISE EXCEPTION 'simulated failure mid-transaction'; END IF;
        RETURN NEW;
      END $$`);
    await database.query(`CREATE TRIGGER fail_doomed_events BEFORE INSERT ON processed_events FOR EACH ROW EXECUTE FUNCTION fail_doomed_events()`);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await api?.stop();
    await database?.drop();
  });

  const steps = (userId: string, id: string) => ({
    ...createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, id, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never }),
    version: undefined,
    timestamp: undefined,
  });

  it('should send nothing for an event whose transaction rolled back, and the committed one beside it', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    const client = wsClient(api.url, token);
    clients.push(client);
    const points = collect<{ eventId: string; points: number; totalPoints: number; awardedAt: string }>(client, POINTS_AWARDED, { userId }, 'pointsAwarded');
    await untilSubscribed(api.url, 'pointsAwarded');
    const listener = new PgClient({ connectionString: database.url });
    await listener.connect();
    const announced: string[] = [];
    listener.on('notification', ({ channel, payload }) => channel === OUTBOX_CHANNEL && announced.push(payload ?? ''));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);

    const doomed = steps(userId, `doomed-${randomUUID()}`);
    const fine = steps(userId, randomUUID());
    const [failed, succeeded] = await Promise.all([
      graphql(api.url, RECORD_EVENT, { event: doomed }, token),
      graphql(api.url, RECORD_EVENT, { event: fine }, token),
    ]);
    // A failure no retry can fix (the trigger's RAISE, SQLSTATE P0001) is ours, never "try again".
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(succeeded.errors).toBeUndefined();

    await points.waitFor(1);
    // A later event of the same member is the barrier: anything the doomed event had sent would arrive before its notification.
    const barrier = steps(userId, randomUUID());
    expect((await graphql(api.url, RECORD_EVENT, { event: barrier }, token)).errors).toBeUndefined();
    await points.waitFor(2);
    expect(points.received.map((p) => p.eventId)).toEqual([fine.id, barrier.id]);
    expect([points.received[0]].map((p) => [p.eventId, p.points, p.totalPoints])).toEqual([[fine.id, 35, 35]]);
    // One NOTIFY per committed batch (none from the rolled-back one), naming its commit time (the notifications' awardedAt).
    await eventually(async () => announced.length >= 2);
    await listener.end();
    expect(announced.map(Date.parse)).toEqual(points.received.map((p) => Date.parse(p.awardedAt)));
    expect(await database.query(`SELECT 1 FROM outbox WHERE event_id = $1`, [doomed.id])).toEqual([]);
    expect(await database.query(`SELECT 1 FROM points_ledger WHERE event_id = $1`, [doomed.id])).toEqual([]);
  });

  it('should page through the catch-up query after a cursor, oldest first, with typed payloads', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    for (let index = 0; index < 3; index++) {
      expect((await graphql(api.url, RECORD_EVENT, { event: steps(userId, randomUUID()) }, token)).errors).toBeUndefined();
    }
    const all = await graphql<{ notifications: CatchUpNotification[] }>(api.url, CATCH_UP, { userId }, token);
    expect(all.errors).toBeUndefined();
    const notifications = all.data!.notifications;
    // First event: points, first-steps unlocked and the Daily Move streak started; then points twice (the 10k bonus is capped per day).
    expect(notifications.map((n) => [n.kind, n.payload.__typename])).toEqual([
      ['POINTS_AWARDED', 'PointsAwarded'],
      ['ACHIEVEMENT_UNLOCKED', 'AchievementUnlocked'],
      ['STREAK_EXTENDED', 'StreakChanged'],
      ['POINTS_AWARDED', 'PointsAwarded'],
      ['POINTS_AWARDED', 'PointsAwarded'],
    ]);
    expect(notifications[1].payload.achievement).toEqual({ key: 'first-steps' });
    expect(notifications.every((n) => n.payload.notificationId === undefined || n.payload.notificationId === n.id)).toBe(true);

    const page = await graphql<{ notifications: CatchUpNotification[] }>(api.url, CATCH_UP, { userId, after: notifications[0].id, limit: 2 }, token);
    expect(page.data?.notifications.map((n) => n.id)).toEqual([notifications[1].id, notifications[2].id]);
    const rest = await graphql<{ notifications: CatchUpNotification[] }>(api.url, CATCH_UP, { userId, after: notifications[4].id }, token);
    expect(rest.data?.notifications).toEqual([]);
    const asAdmin = await graphql<{ notifications: CatchUpNotification[] }>(api.url, CATCH_UP, { userId }, await adminToken());
    expect(asAdmin.data?.notifications).toHaveLength(5);
  });

  it('should refuse a malformed cursor or member id with BAD_USER_INPUT', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    const badCursor = await graphql(api.url, CATCH_UP, { userId, after: 'yesterday' }, token);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const badLimit = await graphql(api.url, CATCH_UP, { userId, limit: 10_000 }, token);
    expect(badLimit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    const badUser = await graphql(api.url, CATCH_UP, { userId: 'not-a-uuid' }, await adminToken());
    expect(badUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
  });
});
