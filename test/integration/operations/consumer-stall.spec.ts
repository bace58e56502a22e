import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/platform/kafka-topics';
import { connectTestKafka, deleteTestTopics, kafkaTestEnv, produce } from '../../support/kafka-harness';
import { Scrape } from '../../support/prometheus-text';
import { eventually, freePort, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

/**
 * A partition that stops advancing while messages wait must show. The stall here is a real one:
 * another session holds a member's profile row locked (a long transaction, a stuck migration),
 * so the worker's transaction for that member waits while the database itself answers fine.
 */
describe('a worker whose partition stops advancing', () => {
  const env = kafkaTestEnv('stall');
  let database: TestDatabase;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let worker: SpawnedProcess;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('worker_stall');
    ({ kafka, topics } = await connectTestKafka(env));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = spawnMain(['worker'], { ...env, DATABASE_URL: database.url, OPS_PORT: String(port), HOST: '127.0.0.1', WORKER_STALL_AFTER: '1s' });
    await worker.waitFor('metrics and health endpoint ready', 60_000);
  });

  afterAll(async () => {
    await worker?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  const readiness = async () => {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { status: string; error?: string }> } };
  };

  it('should report not ready, with the lag and stalled seconds, while messages wait past WORKER_STALL_AFTER, and ready once it moves again', async () => {
    const userId = randomUUID();
    const health = topics.source('health');
    await produce(kafka, health, [{ key: userId, value: createTestEvent(EventType.DEVICE_SYNCED, { userId }) }]);
    await eventually(async () => (await database.query('SELECT 1 FROM profiles WHERE user_id = $1', [userId])).length === 1, 30_000);
    expect((await readiness()).status).toBe(200);

    let partition = '';
    const locker = new PgClient({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM profiles WHERE user_id = $1 FOR UPDATE', [userId]);
      await produce(kafka, health, [{ key: userId, value: createTestEvent(EventType.DEVICE_SYNCED, { userId }) }]);

      const stalled = await eventually(async () => {
        const answer = await readiness();
        return answer.status === 503 && answer;
      }, 20_000);
      expect(stalled.body.checks).toMatchObject({
        database: { status: 'ok' },
        consumer: { status: 'down', error: expect.stringMatching(new RegExp(`^partitions not advancing for more than 1 s while messages wait: ${health.replace(/\./g, '\\.')}/\\d+ \\(1 waiting, \\d+ s\\)$`)) },
      });
      const scrape = await Scrape.of(url);
      partition = /\/(\d+) \(/.exec(stalled.body.checks['consumer'].error!)![1];
      expect(scrape.value('gamification_consumer_lag', { topic: health, partition })).toBe(1);
      expect(scrape.value('gamification_consumer_stalled_seconds', { topic: health, partition })).toBeGreaterThan(1);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }

    await eventually(async () => (await readiness()).status === 200, 20_000);
    const [row] = await database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = $1', [userId]);
    expect(Number(row.n)).toBe(2);
    const after = await Scrape.of(url);
    expect(after.has('gamification_consumer_stalled_seconds')).toBe(true);
    expect([after.value('gamification_consumer_lag', { topic: health, partition }), after.value('gamification_consumer_stalled_seconds', { topic: health, partition })]).toEqual([0, 0]);
  });
});
