import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { BaseEvent } from '../../../src/contract';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { eventually, freePort, spawnApi, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { connectionOutcome } from '../../support/subscriptions';
import { serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

/** Health values no log line may carry (sensitive data): distinctive enough to grep for. */
const WEIGHT_KG = 73.904825;
const HEART_RATE = 163.947;

type LogLine = Record<string, unknown>;

/** `serve` at LOG_LEVEL=warn prints no "ready" line, so readiness is polled on /health/live. */
async function spawnQuietApi(databaseUrl: string): Promise<SpawnedProcess & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = spawnMain(['serve'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1' });
  await eventually(async () => (await fetch(`${url}/health/live`)).ok, 30_000, 200);
  return Object.assign(spawned, { url });
}

function logLines(process: SpawnedProcess): LogLine[] {
  return process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('structured logs of the API process', () => {
  let database: TestDatabase;
  let info: SpawnedProcess & { url: string };
  let quiet: SpawnedProcess & { url: string };
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase('logs');
    info = await spawnApi({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    quiet = await spawnQuietApi(database.url);
    token = await serviceToken();
  });

  afterAll(async () => {
    await Promise.all([info?.stop(), quiet?.stop()]);
    await database?.drop();
  });

  function record(url: string, event: BaseEvent) {
    const { id, type, userId, timestamp, data } = event;
    return graphql(url, RECORD_EVENT, { event: { id, type, userId, timestamp, data } }, token);
  }

  it('should log each processed event as one JSON line with its ids, counts and timing, and never its health values', async () => {
    const userId = randomUUID();
    const walk = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'WEIGHT' as never, value: WEIGHT_KG, unit: 'kg' } });
    expect((await record(info.url, walk)).errors).toBeUndefined();
    const line = await eventually(async () => logLines(info).find((entry) => entry['eventId'] === walk.id));
    expect(line).toMatchObject({
      level: 'info',
      msg: 'event processed',
      service: 'gamification-engine',
      eventId: walk.id,
      eventType: EventType.HEALTH_METRIC_RECORDED,
      userId,
      journey: 'health',
      source: 'api',
      processingTime: expect.any(Number),
      pointsAwarded: expect.any(Number),
      achievementsUnlocked: expect.any(Array),
      questsCompleted: expect.any(Array),
    });
    expect((line.pointsAwarded as number) > 0).toBe(true);
    expect(line).not.toHaveProperty('data');
    expect(info.output()).not.toContain(String(WEIGHT_KG));
  });

  it('should log a rejected event with the error message, category and stack, and without its payload', async () => {
    const pulse = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { metricType: 'HEART_RATE' as never, value: HEART_RATE, unit: undefined } });
    expect((await record(info.url, pulse)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const line = await eventually(async () => logLines(info).find((entry) => entry['eventId'] === pulse.id));
    expect(line).toMatchObject({
      msg: 'event rejected',
      eventType: EventType.HEALTH_METRIC_RECORDED,
      userId: pulse.userId,
      errorCategory: 'VALIDATION',
      errorMessage: expect.stringContaining('unit'),
      stack: expect.stringContaining('ValidationError'),
    });
    expect(info.output()).not.toContain(String(HEART_RATE));
  });

  it('should write each key once per line (strict JSON consumers refuse repeated keys)', async () => {
    const lines = info.output().split('\n').filter((line) => line.startsWith('{'));
    expect(lines.some((line) => line.includes('"component":"realtime"'))).toBe(true);
    const repeated = lines.filter((line) => {
      const keys = [...line.matchAll(/[{,]"([^"]+)":/g)].map((match) => match[1]);
      return new Set(keys).size !== keys.length;
    });
    expect(repeated).toEqual([]);
  });

  it("should turn what a library prints to the console into a JSON line (graphql-ws on an oversize WebSocket message)", async () => {
    const outcome = await connectionOutcome(info.url, undefined, { authorization: `Bearer ${await userToken(randomUUID())}`, padding: 'x'.repeat(100_000) });
    expect(outcome?.code).toBe(1009);
    await eventually(async () => logLines(info).some((entry) => entry['source'] === 'console'));
    const printed = logLines(info).find((entry) => entry['source'] === 'console')!;
    expect(printed).toMatchObject({ level: 'error', role: 'api', msg: expect.stringContaining('Max payload size exceeded') });
    const unstructured = info.output().split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
    expect(unstructured.filter((line) => line.includes('Internal error'))).toEqual([]);
  });

  it('should leave the per-event lines out below the configured LOG_LEVEL', async () => {
    const event = createTestEvent(EventType.APPOINTMENT_ATTENDED);
    expect((await record(quiet.url, event)).errors).toBeUndefined();
    expect((await record(info.url, createTestEvent(EventType.APPOINTMENT_ATTENDED))).errors).toBeUndefined();
    await eventually(async () => logLines(info).some((entry) => entry['eventType'] === EventType.APPOINTMENT_ATTENDED));
    expect(logLines(quiet).filter((entry) => entry['level'] === 'info')).toEqual([]);
    expect(quiet.output()).not.toContain(event.id);
  });
});
