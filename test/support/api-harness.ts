import { startApiNode, type ApiNode } from '../../src/http/api-node';
import { loadConfig } from '../../src/platform/config';
import { TEST_JWT_SECRET } from './tokens';

/**
 * Starts an API node in this process on a free port, against `databaseUrl` (or the embedded
 * PGlite when `dataDir` is given instead), with the test JWT secret. Extra env overrides anything.
 */
export async function startTestApi(options: { databaseUrl?: string; dataDir?: string; env?: Record<string, string> }): Promise<ApiNode> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    PRINT_DEV_TOKENS: 'false',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  });
  return startApiNode(config);
}

/** The API nodes a suite starts, each with its own settings, all stopped together in its afterAll. */
export class TestApiNodes {
  private readonly started: ApiNode[] = [];

  async start(databaseUrl: string, env: Record<string, string>): Promise<ApiNode> {
    const node = await startTestApi({ databaseUrl, env });
    this.started.push(node);
    return node;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((node) => node.stop()));
  }
}
