import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { EVENT_TYPES, JOURNEYS, journeyOfType } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { connectTestKafka, deleteTestTopics, kafkaTestEnv, TestProducer } from '../../support/kafka-harness';
import { groupBy } from '../../support/group-by';
import { ONE_POINT_EACH, writeRulesFile } from '../../support/rules-files';
import { eventually, freePort, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

const EVENTS = 100_000;
const MEMBERS = 400;
const JOINED = 'worker joined the consumer group';
/** How often progress is counted: a `count(*)` over up to 100,000 rows, whose PostgreSQL CPU the workers share on 2 cores. */
const PROGRESS_POLL_MS = 250;

describe('a group of worker processes growing and shrinking under 100,000 events', () => {
  const env = kafkaTestEnv('scale');
  let database: TestDatabase;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let producer: TestProducer;
  const workers: SpawnedProcess[] = [];
  const rulesFile = writeRulesFile(ONE_POINT_EACH);

  beforeAll(async () => {
    database = await createTestDatabase('worker_scale');
    ({ kafka, topics } = await connectTestKafka(env));
    producer = new TestProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await producer?.disconnect();
    if (kafka) await deleteTestTopics(kafka, topics);
    await database?.drop();
  });

  const joins = new Map<SpawnedProcess, number>();
  const startWorker = async () => {
    const worker = spawnMain(['worker'], { ...env, DATABASE_URL: database.url, RULES_FILE: rulesFile, LOG_LEVEL: 'info', WORKER_MAX_BATCH: '500', OPS_PORT: String(await freePort()) });
    workers.push(worker);
    // Counted line by line: the output kept in memory is cut at a few MB (a line is logged per event).
    joins.set(worker, 0);
    createInterface({ input: worker.child.stdout! }).on('line', (line) => line.includes(JOINED) && joins.set(worker, joins.get(worker)! + 1));
    await worker.waitFor(JOINED, 60_000);
    return worker;
  };
  const processed = async () => Number((await database.query<{ count: string }>('SELECT count(*) FROM processed_events'))[0].count);

  it("should apply every event exactly once and each member's events in order while one worker joins, one is stopped and one is killed", async () => {
    // Each member's events are of one journey, so they travel one topic partition in order.
    const typesByJourney = JOURNEYS.map((journey) => EVENT_TYPES.filter((type) => journeyOfType(type) === journey));
    const members = Array.from({ length: MEMBERS }, (_, index) => ({ userId: randomUUID(), types: typesByJourney[index % typesByJourney.length] }));
    const planned = Array.from({ length: EVENTS }, (_, index) => {
      const member = members[index % MEMBERS];
      const type = member.types[Math.floor(index / MEMBERS) % member.types.length];
      return { topic: topics.source(journeyOfType(type)), userId: member.userId, event: createTestEvent(type, { userId: member.userId }) };
    });
    const plannedByTopic = groupBy(planned, ({ topic }) => topic);
    const sentOrder = new Map<string, string[]>([...groupBy(planned, ({ userId }) => userId)].map(([userId, sent]) => [userId, sent.map(({ event }) => event.id!)]));

    const [first, second, third] = await Promise.all([startWorker(), startWorker(), startWorker()]);
    const streaming = (async () => {
      for (const [topic, list] of plannedByTopic) {
        for (let start = 0; start < list.length; start += 2000) {
          await producer.send(topic, list.slice(start, start + 2000).map(({ userId, event }) => ({ key: userId, value: event })));
        }
      }
    })();

    await eventually(async () => (await processed()) >= EVENTS * 0.2, 120_000, PROGRESS_POLL_MS);
    const fourth = await startWorker();
    await eventually(async () => (await processed()) >= EVENTS * 0.4, 120_000, PROGRESS_POLL_MS);
    expect(await first.stop('SIGTERM')).toBe(0);
    await eventually(async () => (await processed()) >= EVENTS * 0.6, 120_000, PROGRESS_POLL_MS);
    await second.stop('SIGKILL');
    await streaming;

    await eventually(async () => (await processed()) === EVENTS, 180_000, PROGRESS_POLL_MS);
    const [totals] = await database.query<{ ledger: string; lines: string; profiles: string }>(
      `SELECT (SELECT coalesce(sum(points), 0) FROM points_ledger) AS ledger, (SELECT count(*) FROM points_ledger) AS lines,
              (SELECT coalesce(sum(total_points), 0) FROM profiles) AS profiles`,
    );
    expect({ ledger: Number(totals.ledger), lines: Number(totals.lines), profiles: Number(totals.profiles) }).toEqual({ ledger: EVENTS, lines: EVENTS, profiles: EVENTS });

    // The ledger's identity column numbers lines in commit order: per member, it must be the order sent.
    const applied = await database.query<{ user_id: string; events: string[] }>('SELECT user_id, array_agg(event_id ORDER BY id) AS events FROM points_ledger GROUP BY user_id');
    expect(applied).toHaveLength(MEMBERS);
    const outOfOrder = applied.filter((row) => row.events.join() !== sentOrder.get(row.user_id)!.join()).map((row) => row.user_id);
    expect(outOfOrder).toEqual([]);

    // The survivors re-joined the group at each change (rebalances, logged).
    expect(joins.get(third)).toBeGreaterThanOrEqual(3);
    expect(joins.get(fourth)).toBeGreaterThanOrEqual(2);
    expect(await third.stop('SIGTERM')).toBe(0);
    expect(await fourth.stop('SIGTERM')).toBe(0);
  });
});
