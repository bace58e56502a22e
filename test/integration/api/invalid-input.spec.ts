import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken, userToken } from '../../support/tokens';

const TABLES = ['profiles', 'points_ledger', 'user_achievements', 'user_quests', 'user_rewards', 'rule_usage', 'processed_events', 'outbox'];

describe('invalid input', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let token: string;
  const userId = randomUUID();
  const valid = () => {
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 500, unit: 'steps' } as never });
    return { id: event.id, type: event.type, userId, timestamp: event.timestamp, data: event.data as Record<string, unknown> };
  };
  const rowCounts = async () => {
    const [row] = await database.query<Record<string, string>>(`SELECT ${TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`);
    return Object.fromEntries(TABLES.map((table) => [table, Number(row[table])]));
  };

  beforeAll(async () => {
    database = await createTestDatabase('invalid');
    api = await startTestApi({ databaseUrl: database.url, env: { EVENT_MAX_PAYLOAD_BYTES: '1024' } });
    token = await serviceToken();
    // One valid event first, so "unchanged" means more than empty tables.
    expect((await graphql(api.url, RECORD_EVENT, { event: valid() }, token)).errors).toBeUndefined();
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it.each([
    ['an unknown type', { type: 'STEPS_WALKED' }, 'type'],
    ['a journey that contradicts the type', { journey: 'care' }, 'journey'],
    ['an unknown journey', { journey: 'fitness' }, 'journey'],
    ['a payload missing a required field', { data: { metricType: 'STEPS', value: 500 } }, 'data.unit'],
    ['a payload field of the wrong type', { data: { metricType: 'STEPS', value: 'many', unit: 'steps' } }, 'data.value'],
    ['an unknown enum value', { data: { metricType: 'MOOD', value: 3, unit: 'points' } }, 'data.metricType'],
    ['a non-UUID user', { userId: 'user-42' }, 'userId'],
    ['an oversize payload', { data: { metricType: 'STEPS', value: 1, unit: 'steps', note: 'x'.repeat(2000) } }, 'data'],
    ['a timestamp far in the future', { timestamp: new Date(Date.now() + 24 * 3600 * 1000).toISOString() }, 'timestamp'],
    ['an unsupported schema version', { schemaVersion: '2.0.0' }, 'version.schemaVersion'],
    ['a schema version that is not semver', { schemaVersion: 'v-one' }, 'version.schemaVersion'],
    ['an id with a NUL character (PostgreSQL cannot store it)', { id: `evt-${randomUUID()}\u0000` }, 'id'],
    ['an id with a lone surrogate', { id: `evt-\uD800-${randomUUID()}` }, 'id'],
    ['a NUL in a payload field', { data: { metricType: 'STEPS', value: 500, unit: 'steps', note: 'a\u0000b' } }, 'data.note'],
    ['a lone surrogate deep in the payload', { data: { metricType: 'STEPS', value: 500, unit: 'steps', device: { tags: ['ok', '\uDC00'] } } }, 'data.device.tags.1'],
  ])('should reject %s with BAD_USER_INPUT naming the field, and change nothing', async (_name, override, field) => {
    const before = await rowCounts();
    const response = await graphql(api.url, RECORD_EVENT, { event: { ...valid(), ...override } }, token);
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.errors![0].message.startsWith(field === 'data' ? 'data' : `${field}:`)).toBe(true);
    expect(await rowCounts()).toEqual(before);
  });

  it('should reject a malformed timestamp at the GraphQL layer with BAD_USER_INPUT', async () => {
    const before = await rowCounts();
    const response = await graphql(api.url, RECORD_EVENT, { event: { ...valid(), timestamp: 'yesterday' } }, token);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('timestamp');
    expect(await rowCounts()).toEqual(before);
  });

  it('should reject a missing required GraphQL field with BAD_USER_INPUT', async () => {
    const { data: _data, ...withoutData } = valid();
    const response = await graphql(api.url, RECORD_EVENT, { event: withoutData }, token);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('data');
  });

  it('should accept an older supported schema version and upgrade it', async () => {
    const response = await graphql(
      api.url,
      RECORD_EVENT,
      { event: { ...valid(), schemaVersion: '1.0.0', data: { metric: 'STEPS', value: 11000, unit: 'steps' } } },
      token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.recordEvent.pointsAwarded).toBe(25);
  });

  it.each([
    ['limit above the maximum', 'query($u: ID!) { pointsHistory(userId: $u, limit: 5000) { id } }'],
    ['a journey that does not exist', 'query($u: ID!) { myRank(userId: $u, journey: "fitness") { rank } }'],
  ])('should reject query arguments out of range: %s', async (_name, query) => {
    const response = await graphql(api.url, query, { u: userId }, await userToken(userId));
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('the HTTP request itself', () => {
    const post = async (body: string, headers: Record<string, string>) => {
      const response = await fetch(`${api.url}/graphql`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } });
      return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
    };
    const json = { 'content-type': 'application/json' };

    it.each([
      ['malformed JSON', '{"query": "{ __typename', json, 400, 'BAD_REQUEST', /^malformed JSON body: /],
      ['an empty JSON body', '', json, 400, 'BAD_REQUEST', /POST body missing/],
      ['a JSON body that is not a request', '[1, 2]', json, 400, 'BAD_REQUEST', /.+/],
      ['a body that is not JSON (CSRF prevention)', 'query={__typename}', { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'BAD_REQUEST', /CSRF/],
    ])('should refuse %s with a JSON error and a code', async (_name, body, headers, status, code, message) => {
      const before = await rowCounts();
      const response = await post(body, headers);
      expect(response.status).toBe(status);
      expect(response.body.errors?.[0].message).toMatch(message);
      expect(response.body.errors?.[0].extensions?.code).toBe(code);
      expect(await rowCounts()).toEqual(before);
    });

    it('should answer a query sent as application/json with a charset, and one sent by GET with the preflight header', async () => {
      const posted = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=utf-8' });
      expect(posted).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      const got = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      });
      expect({ status: got.status, body: await got.json() }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });
  });
});
