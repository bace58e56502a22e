import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client } from 'graphql-ws';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { activeSubscriptions, collect, connectionOutcome, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, TEST_JWT_SECRET, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const FIELDS: { field: string; query: string }[] = [
  { field: 'pointsAwarded', query: `subscription S($userId: ID!) { pointsAwarded(userId: $userId) { eventId } }` },
  { field: 'achievementUnlocked', query: `subscription S($userId: ID!) { achievementUnlocked(userId: $userId) { eventId } }` },
  { field: 'questCompleted', query: `subscription S($userId: ID!) { questCompleted(userId: $userId) { eventId } }` },
  { field: 'levelUp', query: `subscription S($userId: ID!) { levelUp(userId: $userId) { eventId } }` },
];

const signed = (claims: { sub: string; exp: number | string }, key = TEST_JWT_SECRET) =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setExpirationTime(claims.exp).sign(new TextEncoder().encode(key));

describe('access rules over graphql-ws', () => {
  let database: TestDatabase;
  let api: ApiNode;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('auth_ws');
    api = await startTestApi({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await api?.stop();
    await database?.drop();
  });

  function client(token: string): Client {
    const created = wsClient(api.url, token);
    clients.push(created);
    return created;
  }

  const loginOf = (userId: string) => ({ ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined });

  describe('connection', () => {
    it('should close a connection without a token with 4403', async () => {
      expect(await connectionOutcome(api.url)).toEqual({ code: 4403, reason: expect.stringContaining('UNAUTHENTICATED') });
    });

    it('should close a connection with an expired token with 4403', async () => {
      const expired = await signed({ sub: randomUUID(), exp: Math.floor(Date.now() / 1000) - 5 });
      expect(await connectionOutcome(api.url, expired)).toEqual({ code: 4403, reason: expect.stringContaining('"exp" claim timestamp check failed') });
    });

    it('should close a connection with a token signed by another key with 4403', async () => {
      const forged = await signed({ sub: randomUUID(), exp: '10m' }, 'not-the-secret-0123456789abcdef-xyz');
      expect(await connectionOutcome(api.url, forged)).toEqual({ code: 4403, reason: expect.stringContaining('signature verification failed') });
    });

    it('should accept a connection with a valid token', async () => {
      expect(await connectionOutcome(api.url, await userToken(randomUUID()))).toBeNull();
    });

    it('should close a connection when its token expires', async () => {
      const userId = randomUUID();
      const shortLived = await signed({ sub: userId, exp: Math.floor(Date.now() / 1000) + 2 });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => {
        const socketClient = wsClient(api.url, shortLived);
        clients.push(socketClient);
        socketClient.on('closed', (event) => resolve(event as { code: number; reason: string }));
        collect(socketClient, POINTS_AWARDED, { userId }, 'pointsAwarded');
      });
      expect(await closed).toMatchObject({ code: 4403, reason: 'UNAUTHENTICATED: token expired' });
    });
  });

  describe.each(FIELDS)('$field', ({ field, query }) => {
    it("should refuse a member subscribing to another member's channel with FORBIDDEN and subscribe nothing", async () => {
      const member = randomUUID();
      const other = randomUUID();
      const before = await activeSubscriptions(api.url, field);
      const refused = collect<{ eventId: string }>(client(await userToken(member)), query, { userId: other }, field);
      await refused.ended();
      expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      expect(await activeSubscriptions(api.url, field)).toBe(before);
    });

    it('should refuse a service subscribing with FORBIDDEN', async () => {
      const refused = collect<{ eventId: string }>(client(await serviceToken()), query, { userId: randomUUID() }, field);
      await refused.ended();
      expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    });
  });

  it("should never hand a refused subscriber the other member's notifications", async () => {
    const member = randomUUID();
    const other = randomUUID();
    const refused = collect<{ eventId: string }>(client(await userToken(member)), POINTS_AWARDED, { userId: other }, 'pointsAwarded');
    await refused.ended();
    const open = await activeSubscriptions(api.url, 'pointsAwarded');
    const own = collect<{ eventId: string }>(client(await userToken(other)), POINTS_AWARDED, { userId: other }, 'pointsAwarded');
    await untilSubscribed(api.url, 'pointsAwarded', open + 1);
    const event = loginOf(other);
    expect((await graphql(api.url, RECORD_EVENT, { event }, await userToken(other))).errors).toBeUndefined();
    await own.waitFor(1);
    expect(refused.received).toEqual([]);
  });

  it("should let an admin follow any member's notifications", async () => {
    const member = randomUUID();
    const open = await activeSubscriptions(api.url, 'pointsAwarded');
    const watched = collect<{ eventId: string }>(client(await adminToken()), POINTS_AWARDED, { userId: member }, 'pointsAwarded');
    await untilSubscribed(api.url, 'pointsAwarded', open + 1);
    const event = loginOf(member);
    expect((await graphql(api.url, RECORD_EVENT, { event }, await serviceToken())).errors).toBeUndefined();
    expect((await watched.waitFor(1))[0]).toMatchObject({ eventId: event.id });
  });
});
