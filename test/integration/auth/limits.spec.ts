import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { TestApiNodes } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { collect, connectionOutcome, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const loginOf = (userId: string) => ({ ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined });

describe('request limits', () => {
  let database: TestDatabase;
  const nodes = new TestApiNodes();
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('auth_limits');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await nodes.stopAll();
    await database?.drop();
  });

  const startNode = (env: Record<string, string>) => nodes.start(database.url, env);

  describe('query depth and cost', () => {
    let api: ApiNode;
    const userId = randomUUID();

    beforeAll(async () => {
      api = await startNode({ GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_COST: '40' });
    });

    it('should refuse a query nested deeper than GRAPHQL_MAX_DEPTH with QUERY_TOO_DEEP, and run a shallow one', async () => {
      const deep = await graphql(api.url, `query Q($u: ID!) { achievements(userId: $u) { achievement { key } } }`, { u: userId }, await userToken(userId));
      expect(deep.status).toBe(400);
      expect(deep.errors).toEqual([expect.objectContaining({ message: 'Query depth limit of 2 exceeded, found 3.', extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) })]);
      const shallow = await graphql(api.url, `query Q($u: ID!) { profile(userId: $u) { totalPoints } }`, { u: userId }, await userToken(userId));
      expect(shallow.errors).toBeUndefined();
    });

    it('should refuse a query costlier than GRAPHQL_MAX_COST with QUERY_TOO_COMPLEX, counting list sizes', async () => {
      // pointsHistory(limit: 20) { id } costs 1 + 20 × 1; two of them 42.
      const one = await graphql(api.url, `query Q($u: ID!) { pointsHistory(userId: $u, limit: 20) { id } }`, { u: userId }, await userToken(userId));
      expect(one.errors).toBeUndefined();
      const costly = await graphql(api.url, `query Q($u: ID!) { a: pointsHistory(userId: $u, limit: 20) { id } b: pointsHistory(userId: $u, limit: 20) { id } }`, { u: userId }, await userToken(userId));
      expect(costly.status).toBe(400);
      expect(costly.errors).toEqual([expect.objectContaining({ message: 'Query cost limit of 40 exceeded, found 42.', extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) })]);
    });

    it('should count a limit given as a variable at its value', async () => {
      const query = `query Q($u: ID!, $n: Int!) { pointsHistory(userId: $u, limit: $n) { id eventId } }`;
      expect((await graphql(api.url, query, { u: userId, n: 19 }, await userToken(userId))).errors).toBeUndefined();
      const costly = await graphql(api.url, query, { u: userId, n: 50 }, await userToken(userId));
      expect(costly.status).toBe(400);
      expect(costly.errors?.[0]).toMatchObject({ message: 'Query cost limit of 40 exceeded, found 101.', extensions: { code: 'QUERY_TOO_COMPLEX' } });
    });

    it('should apply the same limits to subscriptions over WebSocket', async () => {
      const client = wsClient(api.url, await userToken(userId));
      clients.push(client);
      const deep = collect(client, `subscription S($u: ID!) { achievementUnlocked(userId: $u) { achievement { key } } }`, { u: userId }, 'achievementUnlocked');
      await deep.ended();
      expect(deep.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) })]);
    });
  });

  describe('payload sizes', () => {
    let api: ApiNode;

    beforeAll(async () => {
      api = await startNode({ HTTP_MAX_BODY_BYTES: '2048', EVENT_MAX_PAYLOAD_BYTES: '512' });
    });

    it('should answer 413 PAYLOAD_TOO_LARGE to a GraphQL body over HTTP_MAX_BODY_BYTES', async () => {
      const userId = randomUUID();
      const event = { ...loginOf(userId), data: { note: 'x'.repeat(3000) } };
      const response = await graphql(api.url, RECORD_EVENT, { event }, await userToken(userId));
      expect(response.status).toBe(413);
      expect(response.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should answer 413 PAYLOAD_TOO_LARGE to a REST body over HTTP_MAX_BODY_BYTES', async () => {
      const userId = randomUUID();
      const response = await fetch(`${api.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await userToken(userId)}` },
        body: JSON.stringify({ ...createTestEvent(EventType.DAILY_LOGIN, { userId }), data: { note: 'x'.repeat(3000) } }),
      });
      expect(response.status).toBe(413);
    });

    it('should close a WebSocket whose message exceeds HTTP_MAX_BODY_BYTES (1009)', async () => {
      // graphql-ws reports the refused socket through console.error (the binary turns that into a JSON log line).
      const reported = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const outcome = await connectionOutcome(api.url, undefined, { authorization: `Bearer ${await userToken(randomUUID())}`, padding: 'x'.repeat(3000) });
        expect(outcome?.code).toBe(1009);
        expect(reported.mock.calls.map((args) => String(args.join(' ')))).toEqual([expect.stringContaining('Max payload size exceeded')]);
      } finally {
        reported.mockRestore();
      }
    });

    it('should refuse an event payload over EVENT_MAX_PAYLOAD_BYTES with BAD_USER_INPUT on data, recording nothing', async () => {
      const userId = randomUUID();
      const event = { ...loginOf(userId), data: { ...loginOf(userId).data, note: 'x'.repeat(900) } };
      const response = await graphql(api.url, RECORD_EVENT, { event }, await userToken(userId));
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
      expect(response.errors?.[0].message).toMatch(/larger than the limit of 512 bytes/);
      expect(await database.query(`SELECT 1 FROM processed_events WHERE user_id = $1`, [userId])).toEqual([]);
    });
  });

  describe('recordEvent rate limit per member', () => {
    it('should refuse the event over RECORD_EVENT_RATE_LIMIT with RATE_LIMITED (429 over REST), per member, recording nothing', async () => {
      const api = await startNode({ RECORD_EVENT_RATE_LIMIT: '3', RECORD_EVENT_RATE_WINDOW_SECONDS: '60' });
      const member = randomUUID();
      const token = await userToken(member);
      for (let index = 0; index < 3; index++) {
        expect((await graphql(api.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors).toBeUndefined();
      }
      const limited = loginOf(member);
      const refused = await graphql(api.url, RECORD_EVENT, { event: limited }, token);
      expect(refused.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(refused.errors?.[0].message).toMatch(/limited to 3 events per 60 s per member; retry in \d+ s/);
      expect(await database.query(`SELECT 1 FROM processed_events WHERE event_id = $1`, [limited.id])).toEqual([]);

      const rest = await fetch(`${api.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(createTestEvent(EventType.DAILY_LOGIN, { userId: member })),
      });
      expect(rest.status).toBe(429);
      expect(await rest.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });

      const someoneElse = randomUUID();
      expect((await graphql(api.url, RECORD_EVENT, { event: loginOf(someoneElse) }, await serviceToken())).errors).toBeUndefined();
    });

    it('should count a member across API nodes when they share Redis', async () => {
      const env = { RECORD_EVENT_RATE_LIMIT: '3', REDIS_URL: 'redis://127.0.0.1:6379', CHANNEL_PREFIX: `test-${randomUUID()}` };
      const [nodeA, nodeB] = [await startNode(env), await startNode(env)];
      const member = randomUUID();
      const token = await userToken(member);
      expect((await graphql(nodeA.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors).toBeUndefined();
      expect((await graphql(nodeB.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors).toBeUndefined();
      expect((await graphql(nodeA.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors).toBeUndefined();
      expect((await graphql(nodeB.url, RECORD_EVENT, { event: loginOf(member) }, token)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    });
  });
});
