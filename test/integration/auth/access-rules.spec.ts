import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

/** Every member-scoped read, each guarded by its own check in its resolver. */
const MEMBER_READS: { name: string; query: string }[] = [
  { name: 'profile', query: `query Q($userId: ID!) { profile(userId: $userId) { totalPoints } }` },
  { name: 'achievements', query: `query Q($userId: ID!) { achievements(userId: $userId) { unlocked } }` },
  { name: 'quests', query: `query Q($userId: ID!) { quests(userId: $userId) { completed } }` },
  { name: 'pointsHistory', query: `query Q($userId: ID!) { pointsHistory(userId: $userId) { points } }` },
  { name: 'rewards', query: `query Q($userId: ID!) { rewards(userId: $userId) { sourceKey } }` },
  { name: 'myRank', query: `query Q($userId: ID!) { myRank(userId: $userId) { rank } }` },
  { name: 'notifications', query: `query Q($userId: ID!) { notifications(userId: $userId) { id } }` },
];

const GAME_RULES = `query { gameRules { id source } }`;

describe('access rules over HTTP', () => {
  let database: TestDatabase;
  let api: ApiNode;
  const member = randomUUID();
  const other = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase('auth_rules');
    api = await startTestApi({ databaseUrl: database.url });
    const recorded = await graphql(api.url, RECORD_EVENT, { event: loginOf(other) }, await userToken(other));
    expect(recorded.errors).toBeUndefined();
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  function loginOf(userId: string) {
    return { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined };
  }

  const processedFor = async (userId: string) =>
    Number((await database.query<{ n: string }>(`SELECT count(*) AS n FROM processed_events WHERE user_id = $1`, [userId]))[0].n);

  describe('recordEvent', () => {
    it('should refuse a member recording for another member with FORBIDDEN and record nothing', async () => {
      const victim = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: loginOf(victim) }, await userToken(member));
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(response.data).toBeNull();
      expect(await processedFor(victim)).toBe(0);
    });

    it('should let a member record for itself', async () => {
      const self = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: loginOf(self) }, await userToken(self));
      expect(response.errors).toBeUndefined();
      expect(await processedFor(self)).toBe(1);
    });

    it('should let a service record for any member', async () => {
      const anyone = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: loginOf(anyone) }, await serviceToken());
      expect(response.errors).toBeUndefined();
      expect(await processedFor(anyone)).toBe(1);
    });

    it('should refuse an admin recording events (admins read, they do not act for members)', async () => {
      const anyone = randomUUID();
      const response = await graphql(api.url, RECORD_EVENT, { event: loginOf(anyone) }, await adminToken());
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await processedFor(anyone)).toBe(0);
    });
  });

  describe('REST POST /events', () => {
    const post = async (body: unknown, token?: string) => {
      const response = await fetch(`${api.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
    };

    it('should answer 403 FORBIDDEN to a member posting for another member and record nothing', async () => {
      const victim = randomUUID();
      const response = await post(createTestEvent(EventType.DAILY_LOGIN, { userId: victim }), await userToken(member));
      expect(response).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      expect(await processedFor(victim)).toBe(0);
    });

    it('should answer 401 UNAUTHENTICATED without a token and record nothing', async () => {
      const anyone = randomUUID();
      const response = await post(createTestEvent(EventType.DAILY_LOGIN, { userId: anyone }));
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
      expect(await processedFor(anyone)).toBe(0);
    });

    it('should accept a service posting for any member', async () => {
      const anyone = randomUUID();
      const response = await post(createTestEvent(EventType.DAILY_LOGIN, { userId: anyone }), await serviceToken());
      expect(response.status).toBe(201);
      expect(await processedFor(anyone)).toBe(1);
    });
  });

  describe.each(MEMBER_READS)('$name', ({ query }) => {
    it('should refuse a member reading another member with FORBIDDEN', async () => {
      const response = await graphql(api.url, query, { userId: other }, await userToken(member));
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(Object.values(response.data ?? { field: null })).toEqual([null]);
    });

    it('should refuse a service with FORBIDDEN', async () => {
      const response = await graphql(api.url, query, { userId: other }, await serviceToken());
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('should answer the member itself and an admin', async () => {
      expect((await graphql(api.url, query, { userId: other }, await userToken(other))).errors).toBeUndefined();
      expect((await graphql(api.url, query, { userId: other }, await adminToken())).errors).toBeUndefined();
    });
  });

  describe('leaderboard', () => {
    const LEADERBOARD = `query Q($around: ID) { leaderboard(around: $around) { entries { userId points } } }`;

    it('should be refused to members (even around themselves) and services with FORBIDDEN, and answered to admins', async () => {
      for (const [variables, token] of [
        [{}, await userToken(other)],
        [{ around: other }, await userToken(other)],
        [{}, await serviceToken()],
      ] as const) {
        const response = await graphql(api.url, LEADERBOARD, variables, token);
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(response.data).toBeNull();
      }
      const asAdmin = await graphql<{ leaderboard: { entries: { userId: string }[] } }>(api.url, LEADERBOARD, {}, await adminToken());
      expect(asAdmin.errors).toBeUndefined();
      expect(asAdmin.data?.leaderboard.entries.map((entry) => entry.userId)).toContain(other);
    });
  });

  describe('gameRules', () => {
    it('should be refused to members and services with FORBIDDEN and answered to admins', async () => {
      expect((await graphql(api.url, GAME_RULES, {}, await userToken(member))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await graphql(api.url, GAME_RULES, {}, await serviceToken())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const asAdmin = await graphql<{ gameRules: { id: string; source: string } }>(api.url, GAME_RULES, {}, await adminToken());
      expect(asAdmin.errors).toBeUndefined();
      expect(asAdmin.data?.gameRules.source).toMatch(/default\.yaml$/);
    });
  });
});
