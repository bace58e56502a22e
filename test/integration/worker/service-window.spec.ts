import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { DeadLetterMessage } from '../../../src/kafka/dead-letter';
import { countMessages, produce, readAll, startDlqFixture, type DlqFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(120_000);

const RULES = `
levels: [0]
rules:
  - { id: device-synced, event: DEVICE_SYNCED, points: 1 }
`;

describe('the service window on Kafka, and dead-letter re-processing', () => {
  let fixture: DlqFixture;

  beforeAll(async () => {
    fixture = await startDlqFixture('window', RULES);
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  it('should hold Kafka producers to the service window, and lift it for re-processing, saying so', async () => {
    const userId = randomUUID();
    const backfill = createTestEvent(EventType.DEVICE_SYNCED, { userId, timestamp: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    const tooOld = createTestEvent(EventType.DEVICE_SYNCED, { userId, timestamp: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    const lettersBefore = await countMessages(fixture.kafka, fixture.topics.deadLetter('health'));
    await produce(fixture.kafka, fixture.topics.source('health'), [backfill, tooOld].map((value) => ({ key: userId, value })));

    await eventually(async () => (await countMessages(fixture.kafka, fixture.topics.deadLetter('health'))) === lettersBefore + 1 && (await fixture.points(userId)) === 1, 30_000);
    const [letter] = (await readAll(fixture.kafka, fixture.topics.deadLetter('health'), lettersBefore + 1))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage)
      .filter((candidate) => (candidate.originalEvent as { id?: string }).id === tooOld.id);
    expect(letter.error).toMatchObject({ category: 'VALIDATION', message: expect.stringMatching(/^timestamp: .* is 40 d old; events from this sender may be at most 30 d old$/) });

    const output = await fixture.dlq(['reprocess', '--topic', 'health']);
    expect(output).toContain("Event age limits do not apply (SERVICE_EVENT_MAX_AGE): each event's age was judged when it was first sent");
    expect(output).toContain('processed: 1  succeeded: 1  failed: 0');
    expect(await fixture.points(userId)).toBe(2);
  });
});
