import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { DeadLetterMessage } from '../../../src/kafka/dead-letter';
import { readAll, startWorkerFixture, type WorkerFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(60_000);

describe('a Kafka event reusing an id with other content', () => {
  let fixture: WorkerFixture;

  beforeAll(async () => {
    fixture = await startWorkerFixture('conflict');
  });

  afterAll(() => fixture?.stop());

  it('should be dead-lettered as VALIDATION (IdempotencyConflictError), while an identical repeat stays a silent duplicate', async () => {
    const userId = randomUUID();
    const plan = fixture.topics.source('plan');
    const claim = createTestEvent(EventType.CLAIM_SUBMITTED, { userId });
    await fixture.producer.sendOne(plan, { key: userId, value: claim });
    const conflicting = await fixture.producer.sendOne(plan, { key: userId, value: { ...claim, data: { ...claim.data, amount: 9_999 } } });
    await fixture.producer.sendOne(plan, { key: userId, value: claim });
    const after = createTestEvent(EventType.COVERAGE_CHECKED, { userId });
    await fixture.producer.sendOne(plan, { key: userId, value: after });

    await eventually(async () => (await fixture.database.query('SELECT 1 FROM processed_events WHERE user_id = $1 AND event_id = $2', [userId, after.id])).length === 1, 20_000);
    const letters = (await readAll(fixture.kafka, fixture.topics.deadLetter('plan'), 1)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    expect(letters).toEqual([
      expect.objectContaining({
        originalEvent: expect.objectContaining({ id: claim.id, data: expect.objectContaining({ amount: 9_999 }) }),
        error: expect.objectContaining({ name: 'IdempotencyConflictError', category: 'VALIDATION', message: expect.stringContaining('already used for an event with other content') }),
        retryCount: 0,
        source: conflicting,
      }),
    ]);
    const [ledger] = await fixture.database.query<{ points: string }>(`SELECT coalesce(sum(points), 0) AS points FROM points_ledger WHERE user_id = $1 AND event_id = $2`, [userId, claim.id]);
    expect(Number(ledger.points)).toBe(30);
  });
});
