import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { EVENT_TYPES, journeyOfType, type Journey } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { loadConfig } from '../../../src/platform/config';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { retrySettingsFrom } from '../../../src/platform/resilience';
import { startKafkaTestCluster, type KafkaTestCluster } from '../../support/kafka-cluster';
import { committedOffsetTotal, connectTestKafka, countMessages, endOffsetTotal, kafkaTestEnv, TestProducer, type TestMessage } from '../../support/kafka-harness';
import { groupBy } from '../../support/group-by';
import { ONE_POINT_EACH, writeRulesFile } from '../../support/rules-files';
import { eventually, eventuallyReporting, spawnMain, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

const BROKERS = 3;
const EVENTS = 20_000;
/** Produced before the kill, while the leader is down, and while it comes back. */
const PHASES = [6000, 8000, 6000] as const;
/** A few members send a third of the events, so some partitions are clearly busier than others. */
const HEAVY_MEMBERS = 4;
const LIGHT_MEMBERS = 196;

interface PlannedEvent extends TestMessage {
  journey: Journey;
  userId: string;
}

/** Every event has an id (as back ends send them): a producer retry that writes a message twice must still count once. */
function planEvents(): PlannedEvent[] {
  const heavy = Array.from({ length: HEAVY_MEMBERS }, () => randomUUID());
  const light = Array.from({ length: LIGHT_MEMBERS }, () => randomUUID());
  return Array.from({ length: EVENTS }, (_, index) => {
    const type = EVENT_TYPES[index % EVENT_TYPES.length];
    const userId = index % 3 === 0 ? heavy[index % HEAVY_MEMBERS] : light[index % LIGHT_MEMBERS];
    return { journey: journeyOfType(type), userId, key: userId, value: createTestEvent(type, { userId }) };
  });
}

describe('a 3-broker Kafka cluster losing the leader of its busiest partitions under load', () => {
  let cluster: KafkaTestCluster;
  let env: Record<string, string>;
  let database: TestDatabase;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let producer: TestProducer;
  let worker: SpawnedProcess | undefined;

  beforeAll(async () => {
    cluster = await startKafkaTestCluster(BROKERS);
    env = { ...kafkaTestEnv('cluster'), KAFKA_BROKERS: cluster.brokers, KAFKA_TOPIC_PARTITIONS: '6' };
    database = await createTestDatabase('worker_kafka_cluster');
    ({ kafka, topics } = await connectTestKafka(env));
    // A back end producing to a cluster resends for longer than a failover takes (up to ~20 s on this loaded machine).
    producer = new TestProducer(kafka, retrySettingsFrom(loadConfig({ NODE_ENV: 'test', RETRY_KAFKA_MAX_RETRIES: '8' })).kafka);
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await producer?.disconnect();
    // The cluster's topics go with its directory; the shared broker on 9092 is never touched.
    await cluster?.stop();
    await database?.drop();
  }, 60_000);

  const admin = async <T>(use: (client: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const client = kafka.admin();
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.disconnect();
    }
  };

  /** A read through the admin API, asked again while brokers still settle after the restart (a broker may not know a partition's new leader yet). */
  const settled = async <T>(read: () => Promise<T>): Promise<T> => (await eventually(async () => ({ value: await read() }), 30_000)).value;

  const processed = async () => Number((await database.query<{ count: string }>('SELECT count(*) FROM processed_events'))[0].count);

  /** Waits until the worker applied `count` events; a timeout tells how far it got and what it logged. */
  const untilProcessed = (running: SpawnedProcess, count: number, timeoutMs: number) =>
    eventuallyReporting(
      [running],
      async () => `${await processed()} of ${count} events applied`,
      async () => (await processed()) >= count,
      timeoutMs,
      100,
    );

  const sendAll = async (events: readonly PlannedEvent[]) => {
    for (const [journey, messages] of groupBy(events, (event) => event.journey)) await producer.send(topics.source(journey), messages);
  };

  /** The broker leading the partition that holds the most events, and that partition. */
  const busiestLeader = () =>
    admin(async (client) => {
      const { topics: metadata } = await client.fetchTopicMetadata({ topics: topics.sources });
      const partitions = [];
      // One topic at a time: concurrent calls on one kafkajs admin race on its metadata cache.
      for (const { name, partitions: described } of metadata) {
        const offsets = await client.fetchTopicOffsets(name);
        for (const { partitionId, leader } of described) {
          partitions.push({ topic: name, partitionId, leader, events: Number(offsets.find((offset) => offset.partition === partitionId)?.high ?? 0) });
        }
      }
      return partitions.reduce((busiest, partition) => (partition.events > busiest.events ? partition : busiest));
    });

  const partitionStates = () =>
    admin(async (client) =>
      (await client.fetchTopicMetadata({ topics: topics.sources })).topics.flatMap(({ name, partitions }) => partitions.map((partition) => ({ topic: name, ...partition }))),
    );

  it('should create the engine topics with 3 replicas and min.insync.replicas=2', async () => {
    // Each broker learns of new topics from the controller a moment later: ask until the one asked knows.
    const partitions = await eventually(partitionStates, 30_000);
    expect(partitions.map(({ replicas }) => replicas.length)).toEqual(partitions.map(() => BROKERS));
    const resources = topics.sources.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] }));
    const configs = await eventually(() => admin((client) => client.describeConfigs({ includeSynonyms: false, resources })), 30_000);
    const minInsyncReplicas = configs.resources.map(({ configEntries }) => configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue);
    expect(minInsyncReplicas).toEqual(topics.sources.map(() => '2'));
  });

  it('should apply each of 20,000 events exactly once while the busiest leader is SIGKILLed and restarted, with no dead letter and no worker restart', async () => {
    const events = planEvents();
    const [beforeKill, whileDown, whileReturning] = [events.slice(0, PHASES[0]), events.slice(PHASES[0], PHASES[0] + PHASES[1]), events.slice(PHASES[0] + PHASES[1])];
    worker = spawnMain(['worker'], { ...env, DATABASE_URL: database.url, RULES_FILE: writeRulesFile(ONE_POINT_EACH), LOG_LEVEL: 'warn' });

    await sendAll(beforeKill);
    await untilProcessed(worker, 1500, 90_000);

    // SIGKILL (no controlled shutdown) the broker leading the busiest partition, mid-stream, and keep producing.
    const busiest = await settled(busiestLeader);
    await cluster.kill(busiest.leader);
    await sendAll(whileDown);
    await eventually(
      async () => {
        const states = await partitionStates();
        return states.every(({ leader, isr }) => leader !== busiest.leader && !isr.includes(busiest.leader));
      },
      60_000,
      250,
    );
    // The same worker process reads everything produced so far from the two brokers left.
    await untilProcessed(worker, PHASES[0] + PHASES[1], 120_000);

    // Bring the broker back while producing the rest; it catches up and rejoins every ISR.
    await Promise.all([cluster.restartMissing(), sendAll(whileReturning)]);
    await untilProcessed(worker, EVENTS, 120_000);
    await eventually(async () => (await partitionStates()).every(({ isr }) => isr.includes(busiest.leader)), 90_000, 500);

    // The worker commits every offset by itself: after the coordinator moves it rejoins, re-reads the uncommitted tail
    // (recognised as duplicates) and commits. Asked until the answer covers every message: a coordinator right after
    // a failover can also answer from offsets it is still loading.
    const endTotal = await settled(() => endOffsetTotal(kafka, topics.sources));
    const committed = () => committedOffsetTotal(kafka, env.KAFKA_GROUP_ID, topics.sources);
    const running = worker;
    const untilAllCommitted = (timeoutMs: number) =>
      eventuallyReporting(
        [running],
        async () => `committed offsets ${await committed()} of ${endTotal}`,
        async () => (await committed()) === endTotal,
        timeoutMs,
        250,
      );
    await untilAllCommitted(60_000);
    // Still the first worker process; SIGTERM: it leaves the group with everything committed.
    expect({ exitCode: worker.child.exitCode, signal: worker.child.signalCode }).toEqual({ exitCode: null, signal: null });
    expect(await worker.stop('SIGTERM')).toBe(0);
    await untilAllCommitted(30_000);

    const expectedPerMember = new Map<string, number>();
    for (const { userId } of events) expectedPerMember.set(userId, (expectedPerMember.get(userId) ?? 0) + 1);
    const rows = await database.query<{ user_id: string; processed: string; ledger: string; total_points: string }>(
      `SELECT p.user_id,
              (SELECT count(*) FROM processed_events e WHERE e.user_id = p.user_id) AS processed,
              (SELECT coalesce(sum(points), 0) FROM points_ledger l WHERE l.user_id = p.user_id) AS ledger,
              p.total_points
         FROM profiles p`,
    );
    const perMember = new Map(rows.map((row) => [row.user_id, { processed: Number(row.processed), ledger: Number(row.ledger), totalPoints: Number(row.total_points) }]));
    expect(perMember).toEqual(new Map([...expectedPerMember].map(([userId, count]) => [userId, { processed: count, ledger: count, totalPoints: count }])));

    for (const deadLetterTopic of topics.deadLetters) expect(await settled(() => countMessages(kafka, deadLetterTopic))).toBe(0);
    expect(worker.output()).not.toContain('event dead-lettered');
  });
});
