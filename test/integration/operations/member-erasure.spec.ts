import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ApiNode } from '../../../src/http/api-node';
import type { Kafka } from '../../../src/platform/kafka';
import type { KafkaTopics } from '../../../src/kafka/kafka-topics';
import type { WorkerNode } from '../../../src/workers/worker-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import {
  committedOffsetTotal, connectTestKafka, countMessages, deleteTestTopics, endOffsetTotal, kafkaTestEnv, produce, startTestWorker, workerTestConfig,
} from '../../support/kafka-harness';
import { eventually, spawnMain } from '../../support/spawn-process';
import { collect, POINTS_AWARDED, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(120_000);

const REDIS_URL = 'redis://127.0.0.1:6379';
const ERASE = `mutation($input: EraseMemberInput!) { eraseMember(input: $input) { erasedAt erasedBy reason rowsDeleted redisKeysChanged alreadyErased } }`;
const EXPORT = `query($u: ID!) { exportMemberData(userId: $u) }`;

/**
 * A member's whole history recorded through every door (GraphQL, REST, Kafka, a dead letter,
 * settings, a live subscription), exported, erased, and looked for everywhere afterwards.
 */
describe('member export and erasure', () => {
  const kafkaEnv = kafkaTestEnv('erasure');
  const prefix = `test-erasure-${randomUUID().slice(0, 8)}`;
  const env = { ...kafkaEnv, REDIS_URL, CHANNEL_PREFIX: prefix, MEMBER_DATA_KEY: 'erasure-test-key-0123456789abcdefghij', OUTBOX_POLL_INTERVAL_MS: '50' };
  const member = randomUUID();
  const bystander = randomUUID();
  const eventIds: string[] = [];
  let database: TestDatabase;
  let api: ApiNode;
  let worker: WorkerNode;
  let kafka: Kafka;
  let topics: KafkaTopics;
  let redis: Redis;
  let tokens: { member: string; admin: string; service: string };

  beforeAll(async () => {
    database = await createTestDatabase('erasure');
    ({ kafka, topics } = await connectTestKafka(kafkaEnv));
    api = await startTestApi({ databaseUrl: database.url, env });
    worker = await startTestWorker(workerTestConfig(database.url, env));
    redis = new Redis(REDIS_URL);
    tokens = { member: await userToken(member), admin: await adminToken(), service: await serviceToken() };
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    if (kafka) await deleteTestTopics(kafka, topics);
    const leftovers = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (leftovers.length > 0) await redis.del(...leftovers);
    redis?.disconnect();
    await database?.drop();
  });

  const steps = (userId: string, extra: Parameters<typeof createTestEvent>[1] = {}) =>
    createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' }, ...extra });

  async function recordOverGraphql(userId: string, token: string) {
    const event = steps(userId);
    const response = await graphql(api.url, RECORD_EVENT, { event: { id: event.id, type: event.type, userId, data: event.data } }, token);
    return { event, response };
  }

  async function consumedEverything(): Promise<void> {
    const sources = [...topics.sources];
    await eventually(async () => (await committedOffsetTotal(kafka, kafkaEnv.KAFKA_GROUP_ID, sources)) === (await endOffsetTotal(kafka, sources)), 30_000);
  }

  async function dlq(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
    const command = spawnMain(['dlq', ...args], { ...env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', ...extraEnv });
    const code = await new Promise<number | null>((resolve) => (command.child.exitCode !== null ? resolve(command.child.exitCode) : command.child.once('exit', resolve)));
    expect({ code, output: command.output() }).toEqual({ code: 0, output: expect.any(String) });
    return command.output();
  }

  /** Every row of every table, as text, holding any of `needles`. */
  async function rowsMentioning(needles: string[]): Promise<string[]> {
    const tables = await database.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      for (const row of await database.query(`SELECT * FROM ${table}`)) {
        const text = JSON.stringify(row);
        if (needles.some((needle) => text.includes(needle))) found.push(`${table}: ${text}`);
      }
    }
    return found;
  }

  /** Every Redis key under the prefix whose name or content holds any of `needles`. */
  async function redisKeysMentioning(needles: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const key of await redis.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      const content =
        type === 'zset' ? await redis.zrange(key, 0, -1)
        : type === 'hash' ? Object.entries(await redis.hgetall(key)).flat()
        : type === 'set' ? await redis.smembers(key)
        : type === 'list' ? await redis.lrange(key, 0, -1)
        : type === 'string' ? [(await redis.get(key)) ?? '']
        : [`unexpected type ${type}`];
      if (needles.some((needle) => key.includes(needle) || content.some((value) => value.includes(needle)))) found.push(`${key} (${type})`);
    }
    return found;
  }

  it('should export, then erase the member from every table and Redis key, end their subscriptions, and drop later events from every door', async () => {
    // GraphQL, as the member itself; a live subscription hears about it.
    const subscription = collect(wsClient(api.url, tokens.member), POINTS_AWARDED, { userId: member }, 'pointsAwarded');
    await untilSubscribed(api.url, 'pointsAwarded');
    const viaGraphql = await recordOverGraphql(member, tokens.member);
    expect(viaGraphql.response.errors).toBeUndefined();
    eventIds.push(viaGraphql.event.id!);
    await subscription.waitFor(1);
    // REST, as a service.
    const viaRest = createTestEvent(EventType.APPOINTMENT_ATTENDED, { userId: member });
    const rest = await fetch(`${api.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.service}` }, body: JSON.stringify(viaRest) });
    expect(rest.status).toBe(201);
    eventIds.push(viaRest.id!);
    // Kafka, and a dead letter (a clock too far ahead).
    const viaKafka = [steps(member), createTestEvent(EventType.DAILY_LOGIN, { userId: member })];
    const deadLettered = steps(member, { timestamp: new Date(Date.now() + 10 * 60_000).toISOString() });
    eventIds.push(...viaKafka.map((event) => event.id!), deadLettered.id!);
    await produce(kafka, topics.source('health'), [...viaKafka.filter((e) => e.journey === 'health'), deadLettered].map((value) => ({ key: member, value })));
    await produce(kafka, topics.source('user'), viaKafka.filter((e) => e.journey === 'user').map((value) => ({ key: member, value })));
    await eventually(async () => (await countMessages(kafka, topics.deadLetter('health'))) === 1, 30_000);
    await consumedEverything();
    // Settings, and a bystander whose data must stay.
    expect((await graphql(api.url, `mutation($u: ID!) { setDisplayName(userId: $u, displayName: "Erase Me") { displayName } }`, { u: member }, tokens.member)).errors).toBeUndefined();
    expect((await graphql(api.url, `mutation($u: ID!) { setLeaderboardVisibility(userId: $u, visibility: HIDDEN) { leaderboardVisibility } }`, { u: member }, tokens.member)).errors).toBeUndefined();
    expect((await recordOverGraphql(bystander, tokens.service)).response.errors).toBeUndefined();
    await eventually(async () => (await database.query<{ n: string }>('SELECT count(*) AS n FROM outbox_pending'))[0].n === '0');
    expect(await redisKeysMentioning([member])).not.toEqual([]);

    // The export holds the history: the same document over GraphQL and streamed over REST; nobody else may read it.
    const exported = (await graphql(api.url, EXPORT, { u: member }, tokens.member)).data?.exportMemberData;
    expect(exported).toMatchObject({ format: 'gamification-member-export', schemaVersion: 1, userId: member });
    expect(exported.sections.processedEvents.map((row: { event_id: string }) => row.event_id).sort()).toEqual(eventIds.filter((id) => id !== deadLettered.id).sort());
    expect(exported.sections.settings).toEqual([expect.objectContaining({ display_name: 'Erase Me', leaderboard_visibility: 'HIDDEN' })]);
    // The event store keeps each accepted event's payload as accepted.
    expect(exported.sections.events.map((row: { event_id: string }) => row.event_id).sort()).toEqual(eventIds.filter((id) => id !== deadLettered.id).sort());
    expect(exported.sections.events.find((row: { event_id: string }) => row.event_id === viaRest.id)).toMatchObject({ type: 'APPOINTMENT_ATTENDED', status: 'ACCEPTED', payload: viaRest.data });
    for (const section of ['profile', 'ledger', 'achievements', 'notifications']) expect(exported.sections[section].length).toBeGreaterThan(0);
    const streamed = await fetch(`${api.url}/members/${member}/export`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(streamed.headers.get('content-type')).toContain('application/json');
    expect({ ...((await streamed.json()) as Record<string, unknown>), exportedAt: undefined }).toEqual({ ...exported, exportedAt: undefined });
    expect((await fetch(`${api.url}/members/${member}/export`, { headers: { authorization: `Bearer ${await userToken(bystander)}` } })).status).toBe(403);
    const notAnId = await fetch(`${api.url}/members/not-a-uuid/export`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect({ status: notAnId.status, body: await notAnId.json() }).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT', field: 'userId' } } });

    // Erase: admin only, idempotent.
    const input = { userId: member, reason: 'member request (LGPD art. 18)', idempotencyKey: `erase-${randomUUID()}` };
    expect((await graphql(api.url, ERASE, { input }, tokens.member)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const erased = (await graphql(api.url, ERASE, { input }, tokens.admin)).data?.eraseMember;
    expect(erased).toMatchObject({ erasedBy: 'test-admin', reason: input.reason, alreadyErased: false });
    expect(erased.rowsDeleted).toMatchObject({ profiles: 1, member_settings: 1, processed_events: 4, events: 4 });
    expect(erased.redisKeysChanged).toBeGreaterThan(0);
    const again = (await graphql(api.url, ERASE, { input }, tokens.admin)).data?.eraseMember;
    expect(again).toMatchObject({ erasedAt: erased.erasedAt, rowsDeleted: erased.rowsDeleted, alreadyErased: true });
    await subscription.ended();

    // Nothing left anywhere; the bystander untouched; the record holds no id.
    expect(await rowsMentioning([member, ...eventIds])).toEqual([]);
    expect(await redisKeysMentioning([member, ...eventIds])).toEqual([]);
    expect(await database.query('SELECT 1 FROM profiles WHERE user_id = $1', [bystander])).toHaveLength(1);
    expect(await database.query('SELECT reason FROM member_erasures')).toEqual([{ reason: input.reason }]);

    // Late events through every door are dropped and never recreate the member.
    const late = await recordOverGraphql(member, tokens.service);
    expect(late.response.errors?.[0].extensions).toMatchObject({ code: 'MEMBER_ERASED' });
    const lateRest = await fetch(`${api.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.service}` }, body: JSON.stringify(steps(member)) });
    expect(lateRest.status).toBe(422);
    const lateKafka = steps(member);
    await produce(kafka, topics.source('health'), [{ key: member, value: lateKafka }]);
    await consumedEverything();
    expect(await countMessages(kafka, topics.deadLetter('health'))).toBe(1);
    expect(await dlq(['reprocess', '--topic', 'health'], { EVENT_MAX_FUTURE_SKEW_MS: '3600000' })).toContain('processed: 1  succeeded: 0  failed: 0  skipped (member erased): 1');
    expect(await rowsMentioning([member, ...eventIds, late.event.id!, lateKafka.id!])).toEqual([]);
    // Only the late API calls' rate-limit counter names the member, and it expires with its window.
    const rateCounter = `${prefix}:rate:record-event:${member}`;
    expect(await redisKeysMentioning([member])).toEqual([`${rateCounter} (string)`]);
    expect(await redis.ttl(rateCounter)).toBeLessThanOrEqual(60);
    expect(await redis.ttl(rateCounter)).toBeGreaterThan(0);
    const dropped = await worker.metrics.registry.getSingleMetricAsString('gamification_events_processed_total');
    expect(dropped).toMatch(/outcome="dropped"[^\n]* 1\n?/);
  });
});
