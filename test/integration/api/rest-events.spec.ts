import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/app/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken } from '../../support/tokens';

describe('POST /events (REST door)', () => {
  let database: TestDatabase;
  let api: ApiNode;

  const post = async (body: unknown, token?: string, raw = false) => {
    const response = await fetch(`${api.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    database = await createTestDatabase('rest');
    api = await startTestApi({ databaseUrl: database.url, env: { HTTP_MAX_BODY_BYTES: '4096' } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should process a base event with the same engine and answer the EventResult', async () => {
    const event = createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID() });
    const token = await serviceToken();
    const created = await post(event, token);
    expect(created.status).toBe(201);
    // claim-submitted 15 + claim-pro achievement 15.
    expect(created.body).toMatchObject({ eventId: event.id, duplicate: false, pointsAwarded: 30, unlockedAchievements: [{ key: 'claim-pro' }] });
    const again = await post(event, token);
    expect(again).toEqual({ status: 200, body: { ...created.body, duplicate: true } });
  });

  it('should answer 400 with the field at fault for an invalid event', async () => {
    const event = createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID(), data: { amount: 'lots' } as never });
    const response = await post(event, await serviceToken());
    expect(response).toEqual({ status: 400, body: { error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^data\.amount: /), field: 'data.amount' } } });
  });

  it('should answer 401 without a token', async () => {
    const response = await post(createTestEvent(EventType.DAILY_LOGIN));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('should answer 413 for a body over HTTP_MAX_BODY_BYTES and 400 for malformed JSON', async () => {
    const token = await serviceToken();
    const huge = createTestEvent(EventType.FEATURE_USED, { data: { featureName: 'x'.repeat(5000) } as never });
    expect((await post(huge, token)).status).toBe(413);
    expect((await post('{"type":', token, true)).status).toBe(400);
  });
});
