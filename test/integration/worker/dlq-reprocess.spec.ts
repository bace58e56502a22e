import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import type { DeadLetterMessage } from '../../../src/kafka/dead-letter';
import { countMessages, produce, readAll, startDlqFixture, type DlqFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(120_000);

const RULES = `
levels: [0]
rules:
  - { id: device-synced, event: DEVICE_SYNCED, points: 1 }
`;

describe('dead-letter re-processing (`dlq` command)', () => {
  let fixture: DlqFixture;
  let kafka: Kafka;
  let topics: KafkaTopics;

  beforeAll(async () => {
    fixture = await startDlqFixture('dlq', RULES);
    ({ kafka, topics } = fixture);
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  const dlq = (args: string[], extraEnv?: Record<string, string>) => fixture.dlq(args, extraEnv);
  const points = (userId: string) => fixture.points(userId);

  const pendingLine = (output: string, topic: string) => {
    const row = output.split('\n').find((line) => line.trim().startsWith(`${topic} `));
    const [, held, pending] = row?.trim().split(/\s+/) ?? [];
    return { held: Number(held), pending: Number(pending) };
  };

  it('should list, dry-run, keep failing letters with a higher retry count, then empty the backlog once the cause is fixed', async () => {
    const userId = randomUUID();
    // A producer whose clock runs 10 minutes ahead: beyond EVENT_MAX_FUTURE_SKEW_MS (5 minutes), so VALIDATION.
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const skewed = Array.from({ length: 3 }, () => createTestEvent(EventType.DEVICE_SYNCED, { userId, timestamp: ahead }));
    await produce(kafka, topics.source('health'), skewed.map((value) => ({ key: userId, value })));
    await produce(kafka, topics.source('care'), [{ key: userId, value: 'not json' }]);
    await eventually(async () => (await countMessages(kafka, topics.deadLetter('health'))) === 3 && (await countMessages(kafka, topics.deadLetter('care'))) === 1, 30_000);

    const listed = await dlq(['list']);
    expect(pendingLine(listed, topics.deadLetter('health'))).toEqual({ held: 3, pending: 3 });
    expect(pendingLine(listed, topics.deadLetter('care'))).toEqual({ held: 1, pending: 1 });
    expect(pendingLine(listed, 'total')).toEqual({ held: 4, pending: 4 });
    for (const event of skewed) expect(listed).toContain(`type=DEVICE_SYNCED id=${event.id} user=${userId}`);
    expect(listed).toContain('raw=8B (not JSON)');
    expect(listed).not.toContain('"data"');

    expect(await dlq(['reprocess', '--topic', 'health', '--dry-run'])).toContain('processed: 3  succeeded: 0  failed: 3  (dry run)');
    expect(await dlq(['reprocess', '--topic', 'health', '--dry-run'], { EVENT_MAX_FUTURE_SKEW_MS: '3600000' })).toContain(
      'processed: 3  succeeded: 3  failed: 0  (dry run)',
    );
    expect(pendingLine(await dlq(['list', '--topic', 'health']), topics.deadLetter('health'))).toEqual({ held: 3, pending: 3 });

    // Not fixed yet: they fail again and are dead-lettered again, one retry more.
    expect(await dlq(['reprocess', '--topic', 'health', '--batch-size', '2'])).toContain('processed: 3  succeeded: 0  failed: 3');
    const letters = (await readAll(kafka, topics.deadLetter('health'), 6)).map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage);
    expect(letters.map((letter) => letter.retryCount).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    expect(new Set(letters.map((letter) => `${letter.source.topic}@${letter.source.offset}`)).size).toBe(3);
    expect(pendingLine(await dlq(['list']), topics.deadLetter('health'))).toEqual({ held: 6, pending: 3 });
    expect(await points(userId)).toBe(0);

    // The fix: allow more clock skew. Re-processing now commits them and empties the backlog.
    expect(await dlq(['reprocess', '--topic', 'health'], { EVENT_MAX_FUTURE_SKEW_MS: '3600000' })).toContain('processed: 3  succeeded: 3  failed: 0');
    expect(await points(userId)).toBe(3);
    const after = await dlq(['list']);
    expect(pendingLine(after, topics.deadLetter('health'))).toEqual({ held: 6, pending: 0 });
    expect(pendingLine(after, topics.deadLetter('care'))).toEqual({ held: 1, pending: 1 });

    // Running it again finds nothing to do.
    expect(await dlq(['reprocess', '--topic', 'health'], { EVENT_MAX_FUTURE_SKEW_MS: '3600000' })).toContain('processed: 0  succeeded: 0  failed: 0');
    expect(await points(userId)).toBe(3);
  });

});
