import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/platform/kafka-topics';
import type { DeadLetterMessage } from '../../../src/workers/dead-letter';
import type { WorkerNode } from '../../../src/workers/worker-node';
import { connectTestKafka, countMessages, deleteTestTopics, kafkaTestEnv, produce, readAll, startTestWorker, workerTestConfig } from '../../support/kafka-harness';
import { writeRulesFile } from '../../support/rules-files';
import { eventually, runMain } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const RULES = `
levels: [0]
rules:
  - { id: device-synced, event: DEVICE_SYNCED, points: 1 }
`;

describe('the service window on Kafka, and dead-letter re-processing', () => {
  const env = kafkaTestEnv('window');
  let database: TestDatabase;
  let worker: WorkerNode;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let commandEnv: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('worker_window');
    ({ kafka, topics } = await connectTestKafka(env));
    commandEnv = { ...env, DATABASE_URL: database.url, RULES_FILE: writeRulesFile(RULES), LOG_LEVEL: 'info' };
    worker = await startTestWorker(workerTestConfig(database.url, { ...env, RULES_FILE: commandEnv.RULES_FILE }));
  });

  afterAll(async () => {
    await worker?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  const dlq = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const { code, output } = await runMain(['dlq', ...args], { ...commandEnv, ...extraEnv });
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    return output;
  };

  const points = async (userId: string) =>
    Number((await database.query<{ points: string }>('SELECT coalesce(sum(points), 0) AS points FROM points_ledger WHERE user_id = $1', [userId]))[0].points);

  it('should hold Kafka producers to the service window, and lift it for re-processing, saying so', async () => {
    const userId = randomUUID();
    const backfill = createTestEvent(EventType.DEVICE_SYNCED, { userId, timestamp: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    const tooOld = createTestEvent(EventType.DEVICE_SYNCED, { userId, timestamp: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    const lettersBefore = await countMessages(kafka, topics.deadLetter('health'));
    await produce(kafka, topics.source('health'), [backfill, tooOld].map((value) => ({ key: userId, value })));

    await eventually(async () => (await countMessages(kafka, topics.deadLetter('health'))) === lettersBefore + 1 && (await points(userId)) === 1, 30_000);
    const [letter] = (await readAll(kafka, topics.deadLetter('health'), lettersBefore + 1))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetterMessage)
      .filter((candidate) => (candidate.originalEvent as { id?: string }).id === tooOld.id);
    expect(letter.error).toMatchObject({ category: 'VALIDATION', message: expect.stringMatching(/^timestamp: .* is 40 d old; events from this sender may be at most 30 d old$/) });

    const output = await dlq(['reprocess', '--topic', 'health']);
    expect(output).toContain("Event age limits do not apply (SERVICE_EVENT_MAX_AGE): each event's age was judged when it was first sent");
    expect(output).toContain('processed: 1  succeeded: 1  failed: 0');
    expect(await points(userId)).toBe(2);
  });
});
