import { randomUUID } from 'node:crypto';
import { createRuntime, type Runtime } from '../../../src/app/runtime';
import { EventType } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { loadConfig } from '../../../src/platform/config';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

describe('the engine store: notifications handed to the relay of its process', () => {
  let testDatabase: TestDatabase;
  let runtime: Runtime;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('written_notifications');
    runtime = await createRuntime(loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDatabase.url, LOG_LEVEL: 'silent' }), 'test');
  });

  afterAll(async () => {
    await runtime?.close();
    await testDatabase?.drop();
  });

  it('should name each written notification by the id of its own outbox row, as the relay would read it back', async () => {
    const members = [randomUUID(), randomUUID(), randomUUID()];
    const inputs = members.flatMap((userId) =>
      [EventType.HEALTH_METRIC_RECORDED, EventType.APPOINTMENT_ATTENDED, EventType.MEDICATION_TAKEN, EventType.DEVICE_CONNECTED].map((type) => ({
        raw: createTestEvent(type, { userId }),
        fallbackId: randomUUID(),
        producer: 'service' as const,
      })),
    );
    const outcomes = await runtime.engine.process(inputs);
    expect(outcomes.every((outcome) => outcome.status === 'processed')).toBe(true);

    const remembered = [...runtime.writtenNotifications!.snapshot().values()];
    const rows = await testDatabase.query<{ id: string; user_id: string; kind: string; event_id: string; payload: unknown; created_at: Date }>(
      `SELECT id::text AS id, user_id, kind, event_id, payload, created_at FROM outbox ORDER BY outbox.id`,
    );
    expect(rows.length).toBeGreaterThan(members.length);
    expect(remembered.map(({ id, userId, kind, eventId, payload, createdAt }) => ({ id, user_id: userId, kind, event_id: eventId, payload, created_at: createdAt }))).toEqual(rows);
  });
});
