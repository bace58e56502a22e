import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { createTestEvent, EventType } from '../../../src/kit';
import { produce, spawnWorkerFixture, type SpawnedWorkerFixture } from '../../support/kafka-harness';
import { Scrape } from '../../support/prometheus-text';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(90_000);

/**
 * A partition that stops advancing while messages wait must show. The stall here is a real one:
 * another session holds a member's profile row locked (a long transaction, a stuck migration),
 * so the worker's transaction for that member waits while the database itself answers fine.
 */
describe('a worker whose partition stops advancing', () => {
  let fixture: SpawnedWorkerFixture;

  beforeAll(async () => {
    fixture = await spawnWorkerFixture('stall', { WORKER_STALL_AFTER: '1s' });
  });

  afterAll(() => fixture?.stop());

  const readiness = async () => {
    const response = await fetch(`${fixture.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { status: string; error?: string }> } };
  };

  it('should report not ready, with the lag and stalled seconds, while messages wait past WORKER_STALL_AFTER, and ready once it moves again', async () => {
    const userId = randomUUID();
    const health = fixture.topics.source('health');
    await produce(fixture.kafka, health, [{ key: userId, value: createTestEvent(EventType.DEVICE_SYNCED, { userId }) }]);
    await eventually(async () => (await fixture.database.query('SELECT 1 FROM profiles WHERE user_id = $1', [userId])).length === 1, 30_000);
    expect((await readiness()).status).toBe(200);

    let partition = '';
    const locker = new PgClient({ connectionString: fixture.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM profiles WHERE user_id = $1 FOR UPDATE', [userId]);
      await produce(fixture.kafka, health, [{ key: userId, value: createTestEvent(EventType.DEVICE_SYNCED, { userId }) }]);

      const stalled = await eventually(async () => {
        const answer = await readiness();
        return answer.status === 503 && answer;
      }, 20_000);
      expect(stalled.body.checks).toMatchObject({
        database: { status: 'ok' },
        consumer: { status: 'down', error: expect.stringMatching(new RegExp(`^partitions not advancing for more than 1 s while messages wait: ${health.replace(/\./g, '\\.')}/\\d+ \\(1 waiting, \\d+ s\\)$`)) },
      });
      const scrape = await Scrape.of(fixture.url);
      partition = /\/(\d+) \(/.exec(stalled.body.checks['consumer'].error!)![1];
      expect(scrape.value('gamification_consumer_lag', { topic: health, partition })).toBe(1);
      expect(scrape.value('gamification_consumer_stalled_seconds', { topic: health, partition })).toBeGreaterThan(1);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }

    await eventually(async () => (await readiness()).status === 200, 20_000);
    const [row] = await fixture.database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = $1', [userId]);
    expect(Number(row.n)).toBe(2);
    const after = await Scrape.of(fixture.url);
    expect(after.has('gamification_consumer_stalled_seconds')).toBe(true);
    expect([after.value('gamification_consumer_lag', { topic: health, partition }), after.value('gamification_consumer_stalled_seconds', { topic: health, partition })]).toEqual([0, 0]);
  });
});
