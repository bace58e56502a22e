import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType, type BaseEvent } from '../../../src/kit';
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

  it('should answer 409 IDEMPOTENCY_CONFLICT for the same id with other content, and change nothing', async () => {
    const event = createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID() });
    const token = await serviceToken();
    expect((await post(event, token)).status).toBe(201);
    const conflict = await post({ ...event, data: { ...event.data, amount: 351 } }, token);
    expect(conflict).toEqual({
      status: 409,
      body: { error: { code: 'IDEMPOTENCY_CONFLICT', message: `id: "${event.id}" was already used for an event with other content; nothing was recorded (give each new event a new id)` } },
    });
    const [ledger] = await database.query<{ points: string }>('SELECT coalesce(sum(points), 0) AS points FROM points_ledger WHERE user_id = $1', [event.userId]);
    expect(Number(ledger.points)).toBe(30);
    expect((await post(event, token)).status).toBe(200);
  });

  it('should answer 400 with the field at fault for an invalid event', async () => {
    const event = createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID(), data: { amount: 'lots' } as never });
    const response = await post(event, await serviceToken());
    expect(response).toEqual({ status: 400, body: { error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/^data\.amount: /), field: 'data.amount' } } });
  });

  it.each([
    ['a NUL in the id', (event: BaseEvent) => ({ ...event, id: `evt-${randomUUID()}\u0000` }), 'id'],
    ['a lone surrogate in the id', (event: BaseEvent) => ({ ...event, id: `evt-\uDBFF-${randomUUID()}` }), 'id'],
    ['a NUL deep in the payload', (event: BaseEvent) => ({ ...event, data: { ...event.data, meta: { note: '\u0000' } } }), 'data.meta.note'],
  ])('should answer 400 naming the field for text PostgreSQL cannot store (%s), never 503', async (_label, spoil, field) => {
    const event = spoil(createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID() }));
    const response = await post(event, await serviceToken());
    expect(response).toEqual({ status: 400, body: { error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}: `)), field } } });
    const [stored] = await database.query<{ count: string }>(`SELECT count(*) FROM processed_events WHERE user_id = $1`, [event.userId]);
    expect(Number(stored.count)).toBe(0);
  });

  it('should answer 401 without a token', async () => {
    const response = await post(createTestEvent(EventType.DAILY_LOGIN));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  describe('every failure answers { error: { code, message } } with a fitting status', () => {
    const send = async (init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Uint8Array }) => {
      const response = await fetch(`${api.url}${init.path ?? '/events'}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
      return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json().catch(() => 'not JSON')) as unknown };
    };
    const json = { 'content-type': 'application/json' };

    it.each([
      ['a body over HTTP_MAX_BODY_BYTES', { headers: json, body: JSON.stringify({ data: 'x'.repeat(5000) }) }, 413, 'PAYLOAD_TOO_LARGE', /exceeds the limit/],
      ['malformed JSON', { headers: json, body: '{"type":' }, 400, 'BAD_REQUEST', /^malformed JSON body/],
      ['an unsupported content-encoding', { headers: { ...json, 'content-encoding': 'compress' }, body: '{}' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /content-encoding "compress" is not supported/],
      ['a body that is not JSON', { headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /as JSON/],
      ['an empty body, before any word about the missing token', { headers: json, body: '' }, 400, 'BAD_REQUEST', /carries no event/],
      ['an empty object', { headers: json, body: '{}' }, 400, 'BAD_REQUEST', /carries no event/],
      ['a JSON array', { headers: json, body: '[]' }, 400, 'BAD_REQUEST', /must be a JSON object/],
      ['a GET', { method: 'GET' }, 405, 'METHOD_NOT_ALLOWED', /GET is not allowed here; use POST/],
      ['an unknown route', { path: '/event', headers: json, body: '{}' }, 404, 'NOT_FOUND', /no route POST \/event/],
    ])('%s', async (_case, init, status, code, message) => {
      const response = await send(init);
      expect(response).toEqual({ status, contentType: expect.stringMatching(/^application\/json/), body: { error: { code, message: expect.stringMatching(message) } } });
    });

    it('should name userId before it checks the token when the event has none', async () => {
      const response = await send({ headers: json, body: JSON.stringify({ type: 'DAILY_LOGIN' }) });
      expect(response.body).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringContaining('userId'), field: 'userId' } });
      expect(response.status).toBe(400);
    });

    it('should still accept a gzip-compressed event', async () => {
      const event = createTestEvent(EventType.DAILY_LOGIN, { userId: randomUUID() });
      const response = await send({ headers: { ...json, 'content-encoding': 'gzip', authorization: `Bearer ${await serviceToken()}` }, body: gzipSync(JSON.stringify(event)) });
      expect(response).toMatchObject({ status: 201, body: { eventId: event.id } });
    });
  });
});
