import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { DeadLetterMessage } from '../../../src/kafka/dead-letter';
import { readAll, startWorkerFixture, type WorkerFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(60_000);

describe('poison messages on the event topics', () => {
  let fixture: WorkerFixture;

  beforeAll(async () => {
    fixture = await startWorkerFixture('poison');
  });

  afterAll(() => fixture?.stop());

  it('should dead-letter each poison message to its journey’s topic as VALIDATION and process the valid events around it', async () => {
    const userId = randomUUID();
    const health = fixture.topics.source('health');
    const valid = () => createTestEvent(EventType.DEVICE_SYNCED, { userId });
    const first = valid();
    const missingValue = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { value: undefined } });
    const wrongJourney = createTestEvent(EventType.APPOINTMENT_BOOKED, { userId, journey: 'plan' });
    const unknownType = { ...createTestEvent(EventType.GOAL_CREATED, { userId, journey: undefined }), type: 'GOAL_TELEPORTED' };
    const last = valid();

    await fixture.producer.sendOne(health, { key: userId, value: first });
    const notJson = await fixture.producer.sendOne(health, { key: userId, value: '{"type": "DEVICE_SYNCED", oops' });
    const missing = await fixture.producer.sendOne(health, { key: userId, value: missingValue });
    const unknown = await fixture.producer.sendOne(health, { key: userId, value: unknownType });
    const wrong = await fixture.producer.sendOne(health, { key: userId, value: wrongJourney });
    await fixture.producer.sendOne(health, { key: userId, value: last });

    await eventually(async () => {
      const [row] = await fixture.database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = $1', [userId]);
      return Number(row.n) === 2;
    }, 30_000);
    const processedIds = await fixture.database.query<{ event_id: string }>('SELECT event_id FROM processed_events WHERE user_id = $1 ORDER BY event_id', [userId]);
    expect(processedIds.map((row) => row.event_id).sort()).toEqual([first.id, last.id].sort());

    const healthLetters = (await readAll(fixture.kafka, fixture.topics.deadLetter('health'), 3)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    const planLetters = (await readAll(fixture.kafka, fixture.topics.deadLetter('plan'), 1)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    const bySource = (letters: DeadLetterMessage[], offset: string) => letters.find((letter) => letter.source.offset === offset);

    expect(bySource(healthLetters, notJson.offset)).toMatchObject({
      originalBytes: Buffer.from('{"type": "DEVICE_SYNCED", oops').toString('base64'),
      error: { name: 'ValidationError', category: 'VALIDATION' },
      retryCount: 0,
      source: notJson,
    });
    expect(bySource(healthLetters, notJson.offset)?.originalEvent).toBeUndefined();
    expect(bySource(healthLetters, missing.offset)).toMatchObject({
      originalEvent: { id: missingValue.id, type: 'HEALTH_METRIC_RECORDED' },
      error: { name: 'ValidationError', category: 'VALIDATION', message: expect.stringContaining('data.value') },
      retryCount: 0,
      source: missing,
    });
    expect(bySource(healthLetters, unknown.offset)).toMatchObject({
      originalEvent: { type: 'GOAL_TELEPORTED' },
      error: { category: 'VALIDATION', message: expect.stringContaining('type') },
      source: unknown,
    });
    expect(planLetters).toEqual([
      expect.objectContaining({
        originalEvent: expect.objectContaining({ id: wrongJourney.id, journey: 'plan' }),
        error: expect.objectContaining({ category: 'VALIDATION', message: expect.stringContaining('journey') }),
        retryCount: 0,
        source: wrong,
      }),
    ]);
    for (const letter of [...healthLetters, ...planLetters]) {
      expect(letter.error.stack).toContain('ValidationError');
      expect(Date.parse(letter.timestamp)).not.toBeNaN();
    }
    expect(healthLetters).toHaveLength(3);
  });
});
