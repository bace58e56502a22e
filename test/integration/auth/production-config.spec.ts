import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { spawnMain } from '../../support/spawn-process';

jest.setTimeout(60_000);

describe('serve in production', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await embeddedDataDir('gamification-production-');
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should refuse to start without JWT_SECRET or JWT_JWKS_URL, saying so', async () => {
    const serve = spawnMain(['serve'], { NODE_ENV: 'production', JWT_SECRET: '', JWT_JWKS_URL: '', PORT: '0', DATA_DIR: dataDir });
    const [exitCode] = serve.child.exitCode === null ? await once(serve.child, 'exit') : [serve.child.exitCode];
    expect(exitCode).toBe(1);
    expect(serve.output()).toContain('JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production');
    expect(serve.output()).not.toContain('GraphQL API ready');
  });

  it('should start with a secret, and print no development tokens', async () => {
    const serve = spawnMain(['serve'], { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-0123456789abcdef', MEMBER_DATA_KEY: 'a-member-data-key-0123456789abcdef', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    await serve.waitFor('GraphQL API ready', 60_000);
    expect(serve.output()).not.toContain('Development tokens');
    await serve.stop();
  });
});
