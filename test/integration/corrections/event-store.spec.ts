import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, TEST_JWT_SECRET } from '../../support/tokens';

jest.setTimeout(60_000);

const EXPORT = `query($u: ID!) { exportMemberData(userId: $u) }`;

interface StoredEventRow {
  event_id: string;
  type: string;
  journey: string;
  occurred_at: string;
  schema_version: string;
  payload: Record<string, unknown>;
  status: string;
}

/** A steps reading written in schema 1.0.0 (`metric`, `recordedAt`), which the engine upgrades to 1.1.0 on the way in. */
function legacyStepsReading(userId: string) {
  const timestamp = new Date(Date.now() - 60_000).toISOString();
  return {
    id: `legacy-${randomUUID()}`,
    type: EventType.HEALTH_METRIC_RECORDED,
    userId,
    timestamp,
    schemaVersion: '1.0.0',
    data: { metric: 'STEPS', value: 8000, unit: 'steps', recordedAt: timestamp },
  };
}

/** The event store as the member's export shows it, on PostgreSQL and on the embedded default alike. */
async function storedEventsOf(url: string, userId: string): Promise<StoredEventRow[]> {
  const exported = await graphql(url, EXPORT, { u: userId }, await adminToken());
  expect(exported.errors).toBeUndefined();
  return exported.data?.exportMemberData.sections.events;
}

async function recordsEachEventOnceAsAccepted(url: string): Promise<void> {
  const token = await serviceToken();
  const userId = randomUUID();
  const legacy = legacyStepsReading(userId);
  const login = createTestEvent(EventType.DAILY_LOGIN, { userId });
  for (const event of [legacy, legacy, login]) expect((await graphql(url, RECORD_EVENT, { event }, token)).errors).toBeUndefined();
  const invalid = await graphql(url, RECORD_EVENT, { event: { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), type: 'NOT_A_TYPE' } }, token);
  expect(invalid.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

  const stored = await storedEventsOf(url, userId);
  expect(stored.map((row) => row.event_id).sort()).toEqual([legacy.id, login.id].sort());
  expect(stored.find((row) => row.event_id === legacy.id)).toMatchObject({
    type: 'HEALTH_METRIC_RECORDED',
    journey: 'health',
    schema_version: '1.1.0',
    status: 'ACCEPTED',
    payload: { metricType: 'STEPS', value: 8000, unit: 'steps', timestamp: legacy.timestamp },
  });
  expect(Date.parse(stored.find((row) => row.event_id === legacy.id)!.occurred_at)).toBe(Date.parse(legacy.timestamp));
}

describe('the event store', () => {
  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    let api: ApiNode;

    beforeAll(async () => {
      database = await createTestDatabase('event_store');
      api = await startTestApi({ databaseUrl: database.url, env: { EVENT_RETENTION_DAYS: '30', PARTITION_MAINTENANCE_INTERVAL_MS: '100' } });
    });

    afterAll(async () => {
      await api?.stop();
      await database?.drop();
    });

    it('should keep each accepted event once, upgraded to the current schema, and nothing of a rejected one', async () => {
      await recordsEachEventOnceAsAccepted(api.url);
    });

    it("should drop the months of events past the retention whole, by the API's own maintenance, and keep the rest", async () => {
      const token = await serviceToken();
      const userId = randomUUID();
      const old = createTestEvent(EventType.DAILY_LOGIN, { userId });
      const recent = createTestEvent(EventType.DAILY_LOGIN, { userId });
      for (const event of [old, recent]) expect((await graphql(api.url, RECORD_EVENT, { event }, token)).errors).toBeUndefined();
      // Accepted on the 5th of the month three months ago, as far as the store can tell: that whole month is past 30 days.
      await database.query(
        `UPDATE events SET created_at = date_trunc('month', now() AT TIME ZONE 'UTC' - interval '3 months') AT TIME ZONE 'UTC' + interval '4 days'
         WHERE user_id = $1 AND event_id = $2`,
        [userId, old.id],
      );

      const kept = await eventually(async () => {
        const stored = await storedEventsOf(api.url, userId);
        return stored.length === 1 && stored;
      });
      expect(kept.map((row) => row.event_id)).toEqual([recent.id]);
      expect(await database.query(`SELECT count(*)::int AS n FROM month_partition_drops WHERE table_name = 'events'`)).toEqual([{ n: 1 }]);
    });
  });

  describe('on the embedded default', () => {
    let dataDir: string | undefined;
    let api: SpawnedProcess & { url: string };

    beforeAll(async () => {
      dataDir = await embeddedDataDir('gamification-event-store-');
      api = await spawnApi({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET });
    });

    afterAll(async () => {
      await api?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('should keep each accepted event once, upgraded to the current schema, and nothing of a rejected one', async () => {
      await recordsEachEventOnceAsAccepted(api.url);
    });
  });
});
