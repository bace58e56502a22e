import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { DEFAULT_EVENT_PRODUCERS, EVENT_TYPES, EventType, MetricType } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The shipped defaults, with one service-only type opened to members and one member type closed to them. */
const RULES = `
levels: [0, 100]
producers:
  APPOINTMENT_BOOKED: [member, service]
  DAILY_LOGIN: [service]
rules:
  - { id: attended, event: APPOINTMENT_ATTENDED, points: 40 }
  - { id: walked, event: HEALTH_METRIC_RECORDED, points: 5 }
`;

const OVERRIDDEN = new Set<string>([EventType.APPOINTMENT_BOOKED, EventType.DAILY_LOGIN]);
const SERVICE_ONLY_BY_DEFAULT = EVENT_TYPES.filter((type) => !DEFAULT_EVENT_PRODUCERS[type].producers.includes('member') && !OVERRIDDEN.has(type));
const MEMBER_SENDABLE_BY_DEFAULT = EVENT_TYPES.filter((type) => DEFAULT_EVENT_PRODUCERS[type].producers.includes('member') && !OVERRIDDEN.has(type));

/** The GraphQL input of a kit event of `type` for `userId`, stamped `timestamp` (now when absent). */
function eventInput(type: EventType, userId: string, timestamp?: Date, data?: Record<string, unknown>) {
  const event = createTestEvent(type, { userId, ...(data ? { data: data as never } : {}) });
  return { id: event.id, type, userId, timestamp: (timestamp ?? new Date()).toISOString(), data: event.data };
}

describe('trust: who may send what, how old, and how much', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let service: string;

  beforeAll(async () => {
    database = await createTestDatabase('trust');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES) } });
    service = await serviceToken();
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const processedFor = async (userId: string) =>
    Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = $1', [userId]))[0].n);

  const postEvent = async (body: unknown, token: string) => {
    const response = await fetch(`${api.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; field?: string } } };
  };

  describe('producers', () => {
    it.each(SERVICE_ONLY_BY_DEFAULT)('should refuse a member recording %s with FORBIDDEN naming the type, and change nothing', async (type) => {
      const member = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(type, member) }, await userToken(member));
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(response.errors?.[0].message).toContain(type);
      expect(response.data).toBeNull();
      expect(await processedFor(member)).toBe(0);
    });

    it.each(SERVICE_ONLY_BY_DEFAULT)('should let a service record %s for a member', async (type) => {
      const member = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(type, member) }, service);
      expect(response.errors).toBeUndefined();
      expect(await processedFor(member)).toBe(1);
    });

    it.each(MEMBER_SENDABLE_BY_DEFAULT)('should let a member record %s for itself', async (type) => {
      const member = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(type, member) }, await userToken(member));
      expect(response.errors).toBeUndefined();
      expect(await processedFor(member)).toBe(1);
    });

    it('should follow the rules file where it overrides the defaults', async () => {
      const member = randomUUID();
      const token = await userToken(member);
      expect((await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.APPOINTMENT_BOOKED, member) }, token)).errors).toBeUndefined();
      const login = await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.DAILY_LOGIN, member) }, token);
      expect(login.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('DAILY_LOGIN') });
      expect((await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.DAILY_LOGIN, member) }, service)).errors).toBeUndefined();
      expect(await processedFor(member)).toBe(2);
    });

    it('should refuse a member posting a service-only type to POST /events with 403 naming the type', async () => {
      const member = randomUUID();
      const response = await postEvent(createTestEvent(EventType.CLAIM_SUBMITTED, { userId: member }), await userToken(member));
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('CLAIM_SUBMITTED') });
      expect(await processedFor(member)).toBe(0);
    });

    it('should not let ten minted APPOINTMENT_ATTENDED events buy a member anything', async () => {
      const member = randomUUID();
      const token = await userToken(member);
      for (let index = 0; index < 10; index += 1) {
        const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.APPOINTMENT_ATTENDED, member) }, token);
        expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect((await graphql(api.url, 'query Q($u: ID!) { profile(userId: $u) { totalPoints } }', { u: member }, token)).data).toEqual({ profile: null });
    });
  });

  describe('how old an event may be', () => {
    const metric = (userId: string, timestamp: Date) => eventInput(EventType.HEALTH_METRIC_RECORDED, userId, timestamp);

    it.each([
      ['a member, 71 h ago: accepted', 'member', 71 * HOUR_MS, true],
      ['a member, 73 h ago: refused', 'member', 73 * HOUR_MS, false],
      ['a member, on 1900-01-01: refused', 'member', Date.now() - Date.parse('1900-01-01T00:00:00Z'), false],
      ['a member, an hour ahead: refused', 'member', -HOUR_MS, false],
      ['a service, 29 days ago: accepted', 'service', 29 * DAY_MS, true],
      ['a service, 31 days ago: refused', 'service', 31 * DAY_MS, false],
      ['a service, an hour ahead: refused', 'service', -HOUR_MS, false],
    ] as const)('should judge an event sent by %s', async (_label, sender, ageMs, accepted) => {
      const member = randomUUID();
      const token = sender === 'member' ? await userToken(member) : service;
      const response = await graphql(api.url, RECORD_EVENT, { event: metric(member, new Date(Date.now() - ageMs)) }, token);
      if (accepted) {
        expect(response.errors).toBeUndefined();
        expect(await processedFor(member)).toBe(1);
      } else {
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timestamp' });
        expect(await processedFor(member)).toBe(0);
      }
    });

    it('should not let a member backdate a week of steps', async () => {
      const member = randomUUID();
      const token = await userToken(member);
      const outcomes = [];
      for (let day = 1; day <= 7; day += 1) {
        outcomes.push((await graphql(api.url, RECORD_EVENT, { event: metric(member, new Date(Date.now() - day * DAY_MS + 60_000)) }, token)).errors?.[0].extensions?.code ?? 'ok');
      }
      expect(outcomes).toEqual(['ok', 'ok', 'ok', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
      expect(await processedFor(member)).toBe(3);
    });

    it('should say why over POST /events, naming timestamp', async () => {
      const member = randomUUID();
      const response = await postEvent({ ...createTestEvent(EventType.DAILY_LOGIN, { userId: member }), timestamp: '1900-01-01T00:00:00Z' }, service);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timestamp', message: expect.stringContaining('at most 30 d old') });
    });
  });

  describe('plausible values', () => {
    it.each([
      ['1e308 steps', { metricType: MetricType.STEPS, value: 1e308, unit: 'steps' }, 'data.value'],
      ['negative steps', { metricType: MetricType.STEPS, value: -5000, unit: 'steps' }, 'data.value'],
      ['a heart rate in "banana"', { metricType: MetricType.HEART_RATE, value: 72, unit: 'banana' }, 'data.unit'],
      ['an oxygen saturation of 140 %', { metricType: MetricType.OXYGEN_SATURATION, value: 140, unit: '%' }, 'data.value'],
    ])('should refuse %s with BAD_USER_INPUT naming the field, over GraphQL and REST', async (_label, data, field) => {
      const member = randomUUID();
      const token = await userToken(member);
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.HEALTH_METRIC_RECORDED, member, undefined, data) }, token);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const posted = await postEvent(createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: member, data: data as never }), token);
      expect(posted).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field } } });
      expect(await processedFor(member)).toBe(0);
    });

    it('should refuse a negative claim amount from a service, naming data.amount', async () => {
      const member = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.CLAIM_SUBMITTED, member, undefined, { amount: -350 }) }, service);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data.amount' });
    });
  });

  describe('upper-case member ids (iOS UUID().uuidString)', () => {
    const READ = `query Q($u: ID!) { profile(userId: $u) { userId totalPoints } myRank(userId: $u) { points } pointsHistory(userId: $u) { points } }`;

    it('should treat every spelling of a member id as the same member: token sub, arguments and event userId', async () => {
      const member = randomUUID();
      const upper = member.toUpperCase();
      const upperToken = await userToken(upper);
      const lowerToken = await userToken(member);

      expect((await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.HEALTH_METRIC_RECORDED, upper) }, upperToken)).errors).toBeUndefined();
      expect((await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.HEALTH_METRIC_RECORDED, upper) }, lowerToken)).errors).toBeUndefined();
      expect((await postEvent(createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: member }), upperToken)).status).toBe(201);

      for (const [spelling, token] of [[upper, upperToken], [member, upperToken], [upper, lowerToken], [upper, await adminToken()]] as const) {
        const response = await graphql(api.url, READ, { u: spelling }, token);
        expect(response.errors).toBeUndefined();
        expect(response.data).toEqual({ profile: { userId: member, totalPoints: 15 }, myRank: { points: 15 }, pointsHistory: [{ points: 5 }, { points: 5 }, { points: 5 }] });
      }
      expect(await processedFor(member)).toBe(3);
    });

    it('should still keep members apart whatever the case', async () => {
      const member = randomUUID();
      const other = randomUUID().toUpperCase();
      const response = await graphql(api.url, RECORD_EVENT, { event: eventInput(EventType.HEALTH_METRIC_RECORDED, other) }, await userToken(member.toUpperCase()));
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });
});
