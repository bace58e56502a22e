import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ApiNode } from '../../../src/http/api-node';
import { TestApiNodes } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { operationOverSocket, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const APP_ORIGIN = 'https://app.example.com';
const PRODUCTION_MEMBER_DATA_KEY = 'browser-and-schema-test-member-data-key-0123456789';
const OTHER_ORIGIN = 'https://evil.example';
const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = 'query P($u: ID!) { profile(userId: $u) { totalPoint } }';

/** How a WebSocket upgrade to /graphql with `origin` (none when undefined) was answered: 101, or the HTTP status refusing it. */
function upgradeStatus(baseUrl: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => (error.message.startsWith('Unexpected server response') ? undefined : reject(error)));
  });
}

describe('browsers and schema exposure', () => {
  let database: TestDatabase;
  const nodes = new TestApiNodes();
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('browser_schema');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await nodes.stopAll();
    await database?.drop();
  });

  const socketFor = async (api: ApiNode, member: string) => {
    const client = wsClient(api.url, await userToken(member));
    clients.push(client);
    return client;
  };

  describe('in production (introspection off by default)', () => {
    let api: ApiNode;

    beforeAll(async () => {
      api = await nodes.start(database.url, { NODE_ENV: 'production', MEMBER_DATA_KEY: PRODUCTION_MEMBER_DATA_KEY });
    });

    it('should refuse introspection over HTTP and over graphql-ws alike (INTROSPECTION_DISABLED)', async () => {
      const member = randomUUID();
      const http = await graphql(api.url, INTROSPECTION, {}, await userToken(member));
      expect(http.status).toBe(400);
      expect(http.errors?.[0]).toMatchObject({ message: expect.stringContaining('introspection has been disabled'), extensions: { code: 'INTROSPECTION_DISABLED' } });
      const ws = await operationOverSocket(await socketFor(api, member), INTROSPECTION);
      expect(ws.errors?.[0]).toMatchObject({ message: expect.stringContaining('introspection has been disabled'), extensions: { code: 'INTROSPECTION_DISABLED' } });
      expect(ws.data).toBeUndefined();
    });

    it('should name an unknown field without suggesting the schema\'s ("Did you mean"), on both transports', async () => {
      const member = randomUUID();
      const http = await graphql(api.url, TYPO, { u: member }, await userToken(member));
      const ws = await operationOverSocket(await socketFor(api, member), TYPO, { u: member });
      for (const errors of [http.errors, ws.errors]) {
        expect(errors?.[0].message).toBe('Cannot query field "totalPoint" on type "GameProfile".');
      }
    });

    it('should serve introspection on both transports when GRAPHQL_INTROSPECTION=true', async () => {
      const open = await nodes.start(database.url, { NODE_ENV: 'production', MEMBER_DATA_KEY: PRODUCTION_MEMBER_DATA_KEY, GRAPHQL_INTROSPECTION: 'true' });
      const member = randomUUID();
      expect((await graphql(open.url, INTROSPECTION, {}, await userToken(member))).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await operationOverSocket(await socketFor(open, member), INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  describe('in development (introspection on by default)', () => {
    it('should serve introspection and suggest fields', async () => {
      const api = await nodes.start(database.url, {});
      const member = randomUUID();
      expect((await graphql(api.url, INTROSPECTION, {}, await userToken(member))).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await graphql(api.url, TYPO, { u: member }, await userToken(member))).errors?.[0].message).toMatch(/Did you mean "totalPoints"\?$/);
    });
  });

  describe('CORS_ORIGINS', () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

    it('should let browsers on a listed origin call /graphql and /events (preflight and request), and no one else', async () => {
      const api = await nodes.start(database.url, { CORS_ORIGINS: `${APP_ORIGIN}, https://admin.example.com` });
      for (const path of ['/graphql', '/events']) {
        const allowed = await preflight(`${api.url}${path}`, APP_ORIGIN);
        expect(allowed.status).toBe(204);
        expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
        expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
        expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,POST');
        expect((await preflight(`${api.url}${path}`, OTHER_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
      }
      const member = randomUUID();
      const request = (origin: string) =>
        fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${'x'}` },
          body: JSON.stringify({ query: TYPO, variables: { u: member } }),
        });
      expect((await request(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect((await request(OTHER_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should allow no browser origin by default', async () => {
      const api = await nodes.start(database.url, {});
      expect((await preflight(`${api.url}/graphql`, APP_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should refuse a WebSocket from an origin not listed (403), and accept a listed one and one without Origin (native apps)', async () => {
      const api = await nodes.start(database.url, { CORS_ORIGINS: APP_ORIGIN });
      expect(await upgradeStatus(api.url, OTHER_ORIGIN)).toBe(403);
      expect(await upgradeStatus(api.url, APP_ORIGIN)).toBe(101);
      expect(await upgradeStatus(api.url)).toBe(101);
      const byDefault = await nodes.start(database.url, {});
      expect(await upgradeStatus(byDefault.url, APP_ORIGIN)).toBe(403);
      expect(await upgradeStatus(byDefault.url)).toBe(101);
    });

    it("should accept a WebSocket from the server's own origin (the admin console) with no CORS_ORIGINS, and not from its host on another port", async () => {
      const api = await nodes.start(database.url, {});
      const own = new URL(api.url);
      expect(await upgradeStatus(api.url, own.origin)).toBe(101);
      expect(await upgradeStatus(api.url, `https://${own.host}`)).toBe(403);
      expect(await upgradeStatus(api.url, `http://${own.hostname}:1`)).toBe(403);
    });

    it('should reject a CORS_ORIGINS entry that is not an origin at start', async () => {
      await expect(nodes.start(database.url, { CORS_ORIGINS: 'https://app.example.com/path' })).rejects.toThrow(/CORS_ORIGINS: each entry must be an origin/);
    });
  });
});
