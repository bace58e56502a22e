import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken, userToken } from '../../support/tokens';

describe('recording the same event id more than once', () => {
  let database: TestDatabase;
  let nodeA: ApiNode;
  let nodeB: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('idempotency');
    nodeA = await startTestApi({ databaseUrl: database.url });
    nodeB = await startTestApi({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await database?.drop();
  });

  const stepsEvent = (userId: string, id: string) => {
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, id, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never });
    return { id, type: event.type, userId, timestamp: event.timestamp, data: event.data };
  };

  const ledgerOf = async (userId: string) => {
    const [row] = await database.query<{ lines: string; points: string; processed: string }>(
      `SELECT (SELECT count(*) FROM points_ledger WHERE user_id = $1) AS lines,
              (SELECT coalesce(sum(points), 0) FROM points_ledger WHERE user_id = $1) AS points,
              (SELECT count(*) FROM processed_events WHERE user_id = $1) AS processed`,
      [userId],
    );
    return { lines: Number(row.lines), points: Number(row.points), processed: Number(row.processed) };
  };

  it('should award once and return the first result with duplicate: true', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    const event = stepsEvent(userId, 'walk-1');
    const first = await graphql(nodeA.url, RECORD_EVENT, { event }, token);
    const second = await graphql(nodeA.url, RECORD_EVENT, { event }, token);
    expect(first.data?.recordEvent).toMatchObject({ eventId: 'walk-1', duplicate: false, pointsAwarded: 35, totalPoints: 35 });
    expect(second.data?.recordEvent).toEqual({ ...first.data?.recordEvent, duplicate: true });
    expect(await ledgerOf(userId)).toEqual({ lines: 3, points: 35, processed: 1 });
  });

  it('should award once when sent 20 times concurrently, across two API nodes', async () => {
    const userId = randomUUID();
    const token = await serviceToken();
    const event = stepsEvent(userId, 'concurrent-walk');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => graphql(index % 2 ? nodeA.url : nodeB.url, RECORD_EVENT, { event }, token)),
    );
    const results = responses.map((response) => response.data?.recordEvent);
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    expect(results.filter((result) => result.duplicate === false)).toHaveLength(1);
    expect(new Set(results.map((result) => `${result.pointsAwarded}/${result.totalPoints}`))).toEqual(new Set(['35/35']));
    expect(await ledgerOf(userId)).toEqual({ lines: 3, points: 35, processed: 1 });
  });

  it('should keep one member’s concurrent distinct events all counted', async () => {
    const userId = randomUUID();
    const token = await userToken(userId);
    const events = Array.from({ length: 10 }, (_, index) => {
      const event = createTestEvent(EventType.DEVICE_SYNCED, { userId, id: `sync-${index}` });
      return { id: event.id, type: event.type, userId, timestamp: event.timestamp, data: event.data };
    });
    const responses = await Promise.all(events.map((event, index) => graphql(index % 2 ? nodeA.url : nodeB.url, RECORD_EVENT, { event }, token)));
    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    // device-synced: 2 points, capped at 5 a day.
    expect(await ledgerOf(userId)).toEqual({ lines: 5, points: 10, processed: 10 });
    const totals = responses.map((response) => response.data?.recordEvent.totalPoints as number).sort((a, b) => a - b);
    expect(totals[totals.length - 1]).toBe(10);
  });

  describe('the same id with other content', () => {
    it('should answer IDEMPOTENCY_CONFLICT and change nothing, while an identical repeat (keys in another order) stays a duplicate', async () => {
      const userId = randomUUID();
      const token = await userToken(userId);
      const event = stepsEvent(userId, 'walk-conflict');
      const first = await graphql(nodeA.url, RECORD_EVENT, { event }, token);
      expect(first.errors).toBeUndefined();

      const other = await graphql(nodeB.url, RECORD_EVENT, { event: { ...event, data: { ...event.data, value: 9000 } } }, token);
      expect(other.data).toBeNull();
      expect(other.errors).toEqual([
        expect.objectContaining({
          message: 'id: "walk-conflict" was already used for an event with other content; nothing was recorded (give each new event a new id)',
          extensions: { code: 'IDEMPOTENCY_CONFLICT', category: 'VALIDATION' },
        }),
      ]);
      const reordered = await graphql(nodeA.url, RECORD_EVENT, { event: { ...event, data: Object.fromEntries(Object.entries(event.data).reverse()) } }, token);
      expect(reordered.data?.recordEvent).toEqual({ ...first.data?.recordEvent, duplicate: true });
      expect(await ledgerOf(userId)).toEqual({ lines: 3, points: 35, processed: 1 });
    });

    it('should treat a repeat sent without a timestamp (the API stamps the time) as the same event', async () => {
      const userId = randomUUID();
      const token = await userToken(userId);
      const { timestamp: _stamped, ...event } = stepsEvent(userId, 'walk-unstamped');
      const first = await graphql(nodeA.url, RECORD_EVENT, { event }, token);
      const retry = await graphql(nodeB.url, RECORD_EVENT, { event }, token);
      expect(retry.data?.recordEvent).toEqual({ ...first.data?.recordEvent, duplicate: true });
    });

    it('should count an event processed before content was kept (no hash) as identical to any repeat', async () => {
      const userId = randomUUID();
      const token = await userToken(userId);
      const event = stepsEvent(userId, 'walk-migrated');
      const first = await graphql(nodeA.url, RECORD_EVENT, { event }, token);
      await database.query('UPDATE processed_events SET content_hash = NULL WHERE user_id = $1', [userId]);
      const other = await graphql(nodeA.url, RECORD_EVENT, { event: { ...event, data: { ...event.data, value: 9000 } } }, token);
      expect(other.data?.recordEvent).toEqual({ ...first.data?.recordEvent, duplicate: true });
    });
  });
});
