import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { createTestEvent, EventType } from '../../../src/kit';
import { TestApiNodes } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { eventually } from '../../support/spawn-process';
import { activeSubscriptions, collect, connectionOutcome, operationOverSocket, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const HISTORY_FIELDS = 'id eventId eventType journey sourceType sourceKey points occurredAt createdAt';
const aliasedHistory = (count: number, fields = HISTORY_FIELDS) =>
  `query Q($u: ID!) { ${Array.from({ length: count }, (_, index) => `h${index}: pointsHistory(userId: $u, limit: 200) { ${fields} }`).join(' ')} }`;
const PROFILE = 'query P($u: ID!) { profile(userId: $u) { totalPoints } }';
const loginOf = (userId: string) => ({ ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined });

describe('one member cannot slow the others', () => {
  let database: TestDatabase;
  const nodes = new TestApiNodes();
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('member_fairness');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await nodes.stopAll();
    await database?.drop();
  });

  const startNode = (env: Record<string, string> = {}) => nodes.start(database.url, env);
  const socketFor = (url: string, token: string) => {
    const client = wsClient(url, token);
    clients.push(client);
    return client;
  };

  describe('the alias attack, with the default limits', () => {
    it('should refuse 1,000 aliased pointsHistory(limit: 200) with QUERY_TOO_MANY_ALIASES, on HTTP and over WebSocket', async () => {
      const api = await startNode();
      const member = randomUUID();
      const token = await userToken(member);
      // Within the 64 KB body limit.
      const refused = await graphql(api.url, aliasedHistory(1000, 'id'), { u: member }, token);
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0]).toMatchObject({ message: 'Aliases limit of 15 exceeded, found 1000.', extensions: { code: 'QUERY_TOO_MANY_ALIASES' } });
      const overSocket = await operationOverSocket(socketFor(api.url, token), aliasedHistory(1000, 'id'), { u: member });
      expect(overSocket.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_MANY_ALIASES' } });
    });

    it('should refuse a few aliased long lists by their cost (list sizes multiply), on HTTP and over WebSocket, and serve one', async () => {
      const api = await startNode();
      const member = randomUUID();
      const token = await userToken(member);
      // One list: 1 + 200 × 9 = 1,801; six of them 10,806 > GRAPHQL_MAX_COST (10,000).
      expect((await graphql(api.url, aliasedHistory(1), { u: member }, token)).errors).toBeUndefined();
      const refused = await graphql(api.url, aliasedHistory(6), { u: member }, token);
      expect(refused.status).toBe(400);
      expect(refused.errors).toEqual([expect.objectContaining({ message: 'Query cost limit of 10000 exceeded, found 10806.', extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })]);
      const overSocket = await operationOverSocket(socketFor(api.url, token), aliasedHistory(6), { u: member });
      expect(overSocket.errors?.[0]).toMatchObject({ message: 'Query cost limit of 10000 exceeded, found 10806.', extensions: { code: 'QUERY_TOO_COMPLEX' } });
    });
  });

  describe('read rate limits', () => {
    it('should limit a member to READ_RATE_LIMIT queries (429 with Retry-After), apart from its recordEvent budget and from other members', async () => {
      const api = await startNode({ READ_RATE_LIMIT: '3', READ_RATE_WINDOW_SECONDS: '60' });
      const member = randomUUID();
      const token = await userToken(member);
      for (let index = 0; index < 3; index++) expect((await graphql(api.url, PROFILE, { u: member }, token)).errors).toBeUndefined();
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PROFILE, variables: { u: member } }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^reads are limited to 3 queries per 60 s for the user role; retry in \d+ s$/), extensions: { code: 'RATE_LIMITED' } }),
      ]);
      // Over WebSocket the same budget is spent.
      expect((await operationOverSocket(socketFor(api.url, token), PROFILE, { u: member })).errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      // Writes have their own budget; another member has its own reads.
      expect((await graphql(api.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors).toBeUndefined();
      const other = randomUUID();
      expect((await graphql(api.url, PROFILE, { u: other }, await userToken(other))).errors).toBeUndefined();
    });

    it('should give admins their own budget (READ_RATE_LIMIT_ADMIN)', async () => {
      const api = await startNode({ READ_RATE_LIMIT: '1', READ_RATE_LIMIT_ADMIN: '4' });
      const admin = await adminToken();
      const member = randomUUID();
      for (let index = 0; index < 4; index++) expect((await graphql(api.url, PROFILE, { u: member }, admin)).errors).toBeUndefined();
      expect((await graphql(api.url, PROFILE, { u: member }, admin)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    });
  });

  describe('WebSocket quotas', () => {
    it('should refuse a member a socket over WS_MAX_SOCKETS_PER_MEMBER (4429), not other members, and again once one closed', async () => {
      const api = await startNode({ WS_MAX_SOCKETS_PER_MEMBER: '2' });
      const member = randomUUID();
      const token = await userToken(member);
      const open = [socketFor(api.url, token), socketFor(api.url, token)];
      open.forEach((client) => collect(client, POINTS_AWARDED, { userId: member }, 'pointsAwarded'));
      await untilSubscribed(api.url, 'pointsAwarded', 2);
      expect(await connectionOutcome(api.url, token)).toEqual({ code: 4429, reason: 'RATE_LIMITED: at most 2 open sockets per member' });
      expect(await connectionOutcome(api.url, await userToken(randomUUID()))).toBeNull();
      await open[0].dispose();
      expect(await eventually(async () => (await connectionOutcome(api.url, token)) === null)).toBe(true);
    });

    it('should refuse a subscription over WS_MAX_SUBSCRIPTIONS_PER_SOCKET with TOO_MANY_SUBSCRIPTIONS, and take one again once another ended', async () => {
      const api = await startNode({ WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2' });
      const member = randomUUID();
      const client = socketFor(api.url, await userToken(member));
      const first = collect(client, POINTS_AWARDED, { userId: member }, 'pointsAwarded');
      const second = collect(client, POINTS_AWARDED, { userId: member }, 'pointsAwarded');
      const third = collect(client, POINTS_AWARDED, { userId: member }, 'pointsAwarded');
      await third.ended();
      expect(third.errors).toEqual([expect.objectContaining({ message: 'at most 2 operations at once per socket; open another socket or end one', extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })]);
      expect([first.completed(), second.completed()]).toEqual([false, false]);
      await untilSubscribed(api.url, 'pointsAwarded', 2);
      first.unsubscribe();
      await eventually(async () => (await activeSubscriptions(api.url, 'pointsAwarded')) === 1);
      const fourth = collect(client, POINTS_AWARDED, { userId: member }, 'pointsAwarded');
      await untilSubscribed(api.url, 'pointsAwarded', 2);
      expect([fourth.errors, fourth.completed()]).toEqual([[], false]);
    });
  });

  describe('reads cannot starve writes', () => {
    it('should keep recording while reads are stuck, and time those reads out (READ_STATEMENT_TIMEOUT_MS)', async () => {
      const api = await startNode({ DATABASE_POOL_SIZE: '2', DATABASE_READ_POOL_SIZE: '1', READ_STATEMENT_TIMEOUT_MS: '1500' });
      const admin = await adminToken();
      const locker = new PgClient({ connectionString: database.url });
      await locker.connect();
      try {
        // Every gameRules read now waits on this lock, as a slow read would.
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE rule_versions IN ACCESS EXCLUSIVE MODE');
        let readsAnswered = 0;
        const reads = Array.from({ length: 6 }, () => graphql(api.url, '{ gameRules { id } }', {}, admin).finally(() => readsAnswered++));
        await eventually(async () => Number((await locker.query(`SELECT count(*) AS n FROM pg_locks WHERE relation = 'rule_versions'::regclass AND NOT granted`)).rows[0].n) >= 1);
        const member = randomUUID();
        const recorded = await graphql(api.url, RECORD_EVENT, { event: loginOf(member) }, await userToken(member));
        expect(recorded.errors).toBeUndefined();
        expect(readsAnswered).toBe(0);
        const answers = await Promise.all(reads);
        expect(new Set(answers.map((answer) => answer.errors?.[0].extensions?.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      expect((await graphql(api.url, '{ gameRules { id } }', {}, admin)).errors).toBeUndefined();
    });
  });
});
