import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type KeyLike } from 'jose';
import type { ApiNode } from '../../../src/http/api-node';
import { TestApiNodes } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { freePort } from '../../support/spawn-process';
import { connectionOutcome } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { TEST_JWT_SECRET } from '../../support/tokens';

jest.setTimeout(60_000);

const ISSUER = 'https://id.example.test';
const AUDIENCE = 'gamification';
const PROFILE = `query Q($userId: ID!) { profile(userId: $userId) { totalPoints } }`;
const secret = (value: string) => new TextEncoder().encode(value);

interface Claims {
  sub?: string;
  role?: unknown;
  iss?: string;
  aud?: string;
  exp?: number | string;
}

function hs256(claims: Claims, key = TEST_JWT_SECRET, alg = 'HS256'): Promise<string> {
  const { sub, iss, aud, exp, ...rest } = claims;
  let jwt = new SignJWT(rest).setProtectedHeader({ alg }).setIssuedAt();
  if (sub !== undefined) jwt = jwt.setSubject(sub);
  if (iss !== undefined) jwt = jwt.setIssuer(iss);
  if (aud !== undefined) jwt = jwt.setAudience(aud);
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(secret(key));
}

describe('token verification', () => {
  let database: TestDatabase;
  const nodes = new TestApiNodes();
  let jwksServer: Server;

  beforeAll(async () => {
    database = await createTestDatabase('auth_tokens');
  });

  afterAll(async () => {
    await nodes.stopAll();
    await new Promise((resolve) => (jwksServer ? jwksServer.close(resolve) : resolve(undefined)));
    await database?.drop();
  });

  const startNode = (env: Record<string, string>) => nodes.start(database.url, env);

  describe('with an HS256 secret, an issuer and an audience', () => {
    let api: ApiNode;
    const userId = randomUUID();
    const valid: Claims = { sub: userId, iss: ISSUER, aud: AUDIENCE, exp: '10m' };

    beforeAll(async () => {
      api = await startNode({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    });

    const ask = (authorization?: string) =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: PROFILE, variables: { userId } }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } }));

    it('should accept a well-formed token (role defaults to user)', async () => {
      const response = await ask(`Bearer ${await hs256(valid)}`);
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
    });

    const refused: [string, () => Promise<string | undefined>][] = [
      ['no Authorization header', async () => undefined],
      ['a scheme other than Bearer', async () => `Basic ${Buffer.from('user:pass').toString('base64')}`],
      ['an expired token', async () => `Bearer ${await hs256({ ...valid, exp: Math.floor(Date.now() / 1000) - 60 })}`],
      ['a token without exp', async () => `Bearer ${await hs256({ ...valid, exp: undefined })}`],
      ['a token without sub', async () => `Bearer ${await hs256({ ...valid, sub: undefined })}`],
      ['a token with an empty sub', async () => `Bearer ${await hs256({ ...valid, sub: ' ' })}`],
      ['a wrong signature', async () => `Bearer ${await hs256(valid, 'another-secret-0123456789abcdef-xyz')}`],
      ['an unsigned token (alg none)', async () => `Bearer ${new UnsecuredJWT({ role: 'admin' }).setSubject(userId).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').encode()}`],
      ['another HMAC algorithm (HS384)', async () => `Bearer ${await hs256(valid, TEST_JWT_SECRET, 'HS384')}`],
      ['an unknown role', async () => `Bearer ${await hs256({ ...valid, role: 'superuser' })}`],
      ['a wrong issuer', async () => `Bearer ${await hs256({ ...valid, iss: 'https://evil.example' })}`],
      ['a wrong audience', async () => `Bearer ${await hs256({ ...valid, aud: 'another-api' })}`],
    ];

    it.each(refused)('should answer 401 UNAUTHENTICATED to %s', async (_case, authorization) => {
      const response = await ask(await authorization());
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('with RS256 keys from a JWKS URL', () => {
    let api: ApiNode;
    let signingKey: KeyLike;
    let strangerKey: KeyLike;
    const userId = randomUUID();

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      signingKey = pair.privateKey;
      strangerKey = (await generateKeyPair('RS256')).privateKey;
      const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
      const port = await freePort();
      jwksServer = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => jwksServer.listen(port, '127.0.0.1', resolve));
      api = await startNode({ JWT_SECRET: '', JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    });

    const rs256 = (key: KeyLike, claims: { role?: string } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setSubject(userId).setExpirationTime('10m').sign(key);

    it('should accept a token signed by a key of the set, with its role', async () => {
      const asMember = await graphql(api.url, PROFILE, { userId }, await rs256(signingKey));
      expect(asMember.errors).toBeUndefined();
      const asAdmin = await graphql(api.url, `query { gameRules { id } }`, {}, await rs256(signingKey, { role: 'admin' }));
      expect(asAdmin.errors).toBeUndefined();
    });

    it('should refuse a token signed by a key outside the set', async () => {
      const response = await graphql(api.url, PROFILE, { userId }, await rs256(strangerKey));
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('should refuse an HS256 token (no shared-secret tokens when keys come from a JWKS)', async () => {
      const response = await graphql(api.url, PROFILE, { userId }, await hs256({ sub: userId, exp: '10m' }));
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('should answer 503 SERVICE_UNAVAILABLE (WebSocket: 4500), not 401, when the JWKS endpoint cannot be reached', async () => {
      const unreachable = await startNode({ JWT_SECRET: '', JWT_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json` });
      const response = await graphql(unreachable.url, PROFILE, { userId }, await rs256(signingKey));
      expect(response.status).toBe(503);
      expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(await connectionOutcome(unreachable.url, await rs256(signingKey))).toEqual({ code: 4500, reason: expect.stringContaining('SERVICE_UNAVAILABLE') });
    });
  });
});
