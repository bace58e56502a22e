import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/app/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

describe('recordEvent on PostgreSQL', () => {
  let database: TestDatabase;
  let api: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('smoke');
    api = await startTestApi({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should award the default rules points for a 12,000-step metric', async () => {
    const userId = randomUUID();
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never });
    const response = await graphql(api.url, RECORD_EVENT, { event: { ...event, version: undefined, timestamp: undefined } }, await userToken(userId));
    expect(response.errors).toBeUndefined();
    expect(response.data?.recordEvent).toMatchObject({ pointsAwarded: 35, totalPoints: 35, level: 1, duplicate: false });
  });
});
