import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { Scrape } from '../../support/prometheus-text';
import { eventually } from '../../support/spawn-process';
import { TcpProxy } from '../../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken } from '../../support/tokens';

jest.setTimeout(60_000);

interface Readiness {
  httpStatus: number;
  status: string;
  checks: Record<string, { status: string; critical: boolean; latencyMs: number; error?: string }>;
}

describe('health endpoints', () => {
  const channelPrefix = `test-health-${randomUUID().slice(0, 8)}`;
  let database: TestDatabase;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let api: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('health');
    postgresProxy = await TcpProxy.start('127.0.0.1', 5432);
    redisProxy = await TcpProxy.start('127.0.0.1', 6379);
    const viaProxy = new URL(database.url);
    viaProxy.port = String(postgresProxy.port);
    api = await startTestApi({
      databaseUrl: viaProxy.toString(),
      env: {
        REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
        KAFKA_BROKERS: '127.0.0.1:9092',
        CHANNEL_PREFIX: channelPrefix,
        HEALTH_CHECK_TIMEOUT_MS: '1000',
      },
    });
  });

  afterAll(async () => {
    await postgresProxy?.restore();
    await redisProxy?.restore();
    await api?.stop();
    await postgresProxy?.cut();
    await redisProxy?.cut();
    await database?.drop();
    const redis = new Redis('redis://127.0.0.1:6379');
    const leftovers = await redis.keys(`${channelPrefix}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    redis.disconnect();
  });

  async function readiness(): Promise<Readiness> {
    const response = await fetch(`${api.url}/health/ready`);
    return { httpStatus: response.status, ...((await response.json()) as Omit<Readiness, 'httpStatus'>) };
  }

  async function live(): Promise<number> {
    return (await fetch(`${api.url}/health/live`)).status;
  }

  it('should report the database, Redis and Kafka ok with their latency when all answer', async () => {
    const ready = await eventually(async () => {
      const report = await readiness();
      return report.status === 'ok' && report;
    });
    expect(ready.httpStatus).toBe(200);
    expect(Object.keys(ready.checks).sort()).toEqual(['database', 'kafka', 'redis', 'redis-pubsub']);
    expect(ready.checks['database']).toEqual({ status: 'ok', critical: true, latencyMs: expect.any(Number) });
    expect(ready.checks['kafka']).toEqual({ status: 'ok', critical: false, latencyMs: expect.any(Number) });
    expect(await live()).toBe(200);
  });

  it('should stay ready but degraded while Redis is away, and keep recording events', async () => {
    await redisProxy.cut();
    try {
      const degraded = await eventually(async () => {
        const report = await readiness();
        return report.checks['redis'].status === 'degraded' && report;
      });
      expect(degraded).toMatchObject({ httpStatus: 200, status: 'degraded', checks: { database: { status: 'ok' }, redis: { status: 'degraded', error: expect.any(String) } } });
      const event = createTestEvent(EventType.APPOINTMENT_ATTENDED);
      const recorded = await graphql(api.url, RECORD_EVENT, { event: { id: event.id, type: event.type, userId: event.userId, data: event.data } }, await serviceToken());
      expect(recorded.errors).toBeUndefined();
    } finally {
      await redisProxy.restore();
    }
    await eventually(async () => (await readiness()).status === 'ok');
  });

  it('should answer 503 on ready, and still 200 on live, while the database is down; and recover', async () => {
    const before = await Scrape.of(api.url);
    await postgresProxy.cut();
    try {
      const down = await eventually(async () => {
        const report = await readiness();
        return report.httpStatus === 503 && report;
      });
      expect(down).toMatchObject({ status: 'down', checks: { database: { status: 'down', critical: true, error: expect.any(String) } } });
      expect(await live()).toBe(200);
      const event = createTestEvent(EventType.APPOINTMENT_ATTENDED);
      const failed = await graphql(api.url, RECORD_EVENT, { event: { id: event.id, type: event.type, userId: event.userId, data: event.data } }, await serviceToken());
      expect(failed.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      const after = await Scrape.of(api.url);
      const failures = ['DATABASE', 'NETWORK'].map((category) =>
        after.delta(before, 'gamification_errors_total', { source: 'api', category, journey: 'care', type: EventType.APPOINTMENT_ATTENDED }),
      );
      // One failed attempt for the request, and one more per retry of the database policy.
      const retries = after.delta(before, 'gamification_retries_total', { policy: 'database' });
      expect(failures[0] + failures[1]).toBe(1 + retries);
    } finally {
      await postgresProxy.restore();
    }
    const recovered = await eventually(async () => {
      const report = await readiness();
      return report.httpStatus === 200 && report.checks['database'].status === 'ok' && report;
    });
    expect(recovered.checks['database'].status).toBe('ok');
  });
});
