import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { DeadLetterMessage } from '../../../src/kafka/dead-letter';
import { readAll, startWorkerFixture, type WorkerFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(60_000);

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) once made the worker retry its batch
 * forever, holding every event behind it. Now the event is refused at the contract and
 * dead-lettered, and the partition moves on.
 */
describe('a Kafka event with text PostgreSQL cannot store', () => {
  let fixture: WorkerFixture;

  beforeAll(async () => {
    fixture = await startWorkerFixture('unstorable');
  });

  afterAll(() => fixture?.stop());

  it('should be dead-lettered as VALIDATION naming the field, while valid events behind it for other members are processed within seconds', async () => {
    const health = fixture.topics.source('health');
    // One key for all, as a back end keying by its own session would: everything lands on one partition, in this order.
    const key = randomUUID();
    const nulId = { ...createTestEvent(EventType.DEVICE_SYNCED, { userId: randomUUID() }), id: `evt-${randomUUID()}\u0000` };
    const loneSurrogate = createTestEvent(EventType.DEVICE_SYNCED, { userId: randomUUID() });
    const surrogateInData = { ...loneSurrogate, data: { ...loneSurrogate.data, notes: { text: 'synced \uD800' } } };
    const poisoned = [await fixture.producer.sendOne(health, { key, value: nulId }), await fixture.producer.sendOne(health, { key, value: surrogateInData })];
    const members = [randomUUID(), randomUUID(), randomUUID()];
    await fixture.producer.send(
      health,
      members.map((userId) => ({ key, value: createTestEvent(EventType.DEVICE_SYNCED, { userId }) })),
    );

    await eventually(async () => {
      const [row] = await fixture.database.query<{ n: string }>('SELECT count(DISTINCT user_id) AS n FROM processed_events WHERE user_id = ANY($1::uuid[])', [members]);
      return Number(row.n) === members.length;
    }, 10_000);

    const letters = (await readAll(fixture.kafka, fixture.topics.deadLetter('health'), 2)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    expect(letters.map((letter) => [letter.source, letter.error.category, letter.error.message.split(':')[0], letter.retryCount])).toEqual([
      [poisoned[0], 'VALIDATION', 'id', 0],
      [poisoned[1], 'VALIDATION', 'data.notes.text', 0],
    ]);
    expect(letters[0].originalEvent).toMatchObject({ id: nulId.id });
    const [stored] = await fixture.database.query<{ n: string }>('SELECT count(*) AS n FROM processed_events WHERE user_id = ANY($1::uuid[])', [[nulId.userId, loneSurrogate.userId]]);
    expect(Number(stored.n)).toBe(0);
  });
});
