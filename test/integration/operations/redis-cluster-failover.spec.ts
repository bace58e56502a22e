import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { JOURNEYS, type Journey } from '../../../src/contract';
import { NotificationKind } from '../../../src/engine/notifications/notification';
import { LeaderboardKeys } from '../../../src/leaderboards/leaderboard-keys';
import { LeaderboardPeriod } from '../../../src/leaderboards/leaderboard';
import { SqlLeaderboardReader } from '../../../src/leaderboards/sql-leaderboard';
import { createTestEvent, EventType } from '../../../src/kit';
import { notificationChannel } from '../../../src/realtime/notification-channel';
import { createLogger } from '../../../src/platform/logger';
import { createRedisClient, scanKeys } from '../../../src/platform/redis';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { startRedisCluster, type RedisClusterUnderTest } from '../../support/redis-cluster';
import { eventually, runMain, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { collect, POINTS_AWARDED, untilSubscribed, wsClient, type CollectedSubscription } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const TIMEZONE = 'America/Sao_Paulo';
const PERIODS = Object.values(LeaderboardPeriod);
const BOARDS: (Journey | undefined)[] = [undefined, ...JOURNEYS];
const SCORING_TYPES = [
  EventType.HEALTH_METRIC_RECORDED,
  EventType.GOAL_ACHIEVED,
  EventType.APPOINTMENT_ATTENDED,
  EventType.CLAIM_SUBMITTED,
  EventType.PLAN_RENEWED,
  EventType.DAILY_LOGIN,
];
/** Subscribed members whose channel lives on the master that fails, and elsewhere. */
const SUBSCRIBERS_PER_SIDE = 4;
const OTHER_MEMBERS = 16;
const WRITERS = 4;
const EVENTS_BEFORE_FAILOVER = 40;
const EVENTS_AFTER_FAILOVER = 40;

const ERASE = `mutation($input: EraseMemberInput!) { eraseMember(input: $input) { redisKeysChanged } }`;
const LEADERBOARD = `
  query Board($journey: String, $period: LeaderboardPeriod, $limit: Int) {
    leaderboard(journey: $journey, period: $period, limit: $limit) { periodKey entries { rank userId points } }
  }`;

interface Award {
  notificationId: string;
}

interface Traffic {
  recorded: number;
  failedWrites: string[];
  reads: number;
  failedReads: number;
  stop(): Promise<void>;
}

/**
 * Leaderboards and live notifications on a Redis Cluster (3 masters, 3 replicas; password and TLS) while the master
 * that holds the leaderboards (their `{lb}` slot) fails over under traffic: `CLUSTER FAILOVER` on
 * its replica, then SIGKILL of the old master. The API (a separate process) keeps answering,
 * the boards equal the database's after `leaderboard rebuild`, and every subscriber receives
 * every award of its member, those published while its shard changed hands included (the feed
 * catches up from the outbox once ioredis has re-subscribed on the new master). Then an erasure
 * finds the member on every master and ends their subscription over the sharded control channel.
 */
describe('Redis Cluster: a master fails over under traffic', () => {
  const prefix = `test-cluster-${randomUUID().slice(0, 8)}`;
  let cluster: RedisClusterUnderTest;
  let database: TestDatabase;
  let api: SpawnedProcess & { url: string };
  let env: Record<string, string>;
  const sockets: Client[] = [];

  beforeAll(async () => {
    [cluster, database] = await Promise.all([startRedisCluster(), createTestDatabase('redis-cluster')]);
    env = { DATABASE_URL: database.url, ...cluster.settings, CHANNEL_PREFIX: prefix, TIMEZONE, OUTBOX_POLL_INTERVAL_MS: '50' };
    api = await spawnApi(env);
  });

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose();
    await api?.stop();
    await cluster?.stop();
    await database?.drop();
  });

  it('should keep the API up, the boards right and every subscriber whole', async () => {
    const leaderboardMaster = await cluster.masterOf(new LeaderboardKeys(prefix, TIMEZONE, 7).applied);
    const [onFailing, elsewhere] = await subscribersBySide(leaderboardMaster);
    const subscribers = [...onFailing, ...elsewhere];
    const subscriptions = new Map<string, CollectedSubscription<Award>>();
    for (const userId of subscribers) {
      const socket = wsClient(api.url, await userToken(userId));
      sockets.push(socket);
      subscriptions.set(userId, collect<Award>(socket, POINTS_AWARDED, { userId }, 'pointsAwarded'));
    }
    await untilSubscribed(api.url, 'pointsAwarded', subscribers.length);

    const traffic = startTraffic([...subscribers, ...Array.from({ length: OTHER_MEMBERS }, () => randomUUID())], await serviceToken(), await adminToken());
    await eventually(async () => traffic.recorded >= EVENTS_BEFORE_FAILOVER, 20_000, 20);
    const newMaster = await cluster.failOver(leaderboardMaster);
    expect(await cluster.masterOf(new LeaderboardKeys(prefix, TIMEZONE, 7).applied)).toEqual(newMaster);
    const recordedAtFailover = traffic.recorded;
    await eventually(async () => traffic.recorded >= recordedAtFailover + EVENTS_AFTER_FAILOVER, 20_000, 20);
    await traffic.stop();

    // The API stayed up: every write was accepted, and reads answer again after the failover.
    expect(traffic.failedWrites).toEqual([]);
    expect(traffic.reads).toBeGreaterThan(0);
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    await eventually(async () => (await graphql(api.url, LEADERBOARD, { limit: 1 }, await adminToken())).errors === undefined, 10_000, 50);

    // Subscribers: the node noticed its shard subscriber change hands and caught its subscriptions up from the outbox...
    await eventually(async () => api.output().includes('subscriptions caught up after redis reconnect'), 10_000, 50);
    // ...and each received every POINTS_AWARDED of its member, live or caught up, exactly once and in order.
    await eventually(async () => (await database.query<{ n: string }>('SELECT count(*) AS n FROM outbox_pending'))[0].n === '0', 20_000, 50);
    for (const userId of subscribers) {
      const expected = (
        await database.query<{ id: string }>(`SELECT id::text AS id FROM outbox WHERE user_id = $1 AND kind = $2 ORDER BY outbox.id`, [userId, NotificationKind.POINTS_AWARDED])
      ).map((row) => row.id);
      expect(expected.length).toBeGreaterThan(0);
      const subscription = subscriptions.get(userId)!;
      await eventually(async () => subscription.received.length >= expected.length, 20_000, 50).catch(() => undefined);
      expect({ userId, ids: subscription.received.map((award) => award.notificationId), errors: subscription.errors }).toEqual({ userId, ids: expected, errors: [] });
    }

    // Boards: equal to the database's after `leaderboard rebuild` (run against the cluster).
    const rebuild = await runMain(['leaderboard', 'rebuild'], env);
    expect({ code: rebuild.code, output: rebuild.output.slice(-2000) }).toEqual({ code: 0, output: expect.stringContaining('rebuilt') });
    // Every connection authenticated over TLS (the nodes refuse anything else) and the password never reached a log.
    expect(cluster.settings.REDIS_CLUSTER_PASSWORD).toBeDefined();
    for (const output of [api.output(), rebuild.output]) expect(output).not.toContain(cluster.settings.REDIS_CLUSTER_PASSWORD);
    const sql = new SqlLeaderboardReader(database, TIMEZONE);
    const admin = await adminToken();
    for (const journey of BOARDS) {
      for (const period of PERIODS) {
        const response = await graphql(api.url, LEADERBOARD, { journey, period, limit: 100 }, admin);
        const page = await sql.top({ journey, period, limit: 100 });
        expect({ journey, period, board: response.data?.leaderboard, errors: response.errors }).toEqual({
          journey,
          period,
          board: { periodKey: page.periodKey, entries: page.entries },
          errors: undefined,
        });
      }
    }

    // Erasure sweeps every master (SCAN is per node) and ends the member's subscription on the sharded control channel.
    const erased = onFailing[0];
    const input = { userId: erased, reason: 'member request', idempotencyKey: `erase-${randomUUID()}` };
    const erasure = await graphql(api.url, ERASE, { input }, admin);
    expect(erasure.errors).toBeUndefined();
    expect(erasure.data?.eraseMember.redisKeysChanged).toBeGreaterThan(0);
    await subscriptions.get(erased)!.ended();
    expect(await redisMentions(erased)).toEqual([]);
    expect((await redisMentions(onFailing[1])).length).toBeGreaterThan(0);
  });

  /** Keys of the install on any master that name `userId` or hold it (board entry, hash field, set member). */
  async function redisMentions(userId: string): Promise<string[]> {
    const redis = createRedisClient({ clusterNodes: cluster.nodes, security: cluster.security }, createLogger('silent'));
    try {
      await eventually(async () => redis.status === 'ready', 10_000, 20);
      const mentions = (await scanKeys(redis, `${prefix}:*`)).filter((key) => key.includes(userId));
      for (const key of await scanKeys(redis, `${prefix}:*`, 'zset')) if ((await redis.zscore(key, userId)) !== null) mentions.push(key);
      for (const key of await scanKeys(redis, `${prefix}:*`, 'hash')) if ((await redis.hexists(key, userId)) === 1) mentions.push(key);
      for (const key of await scanKeys(redis, `${prefix}:*`, 'set')) if ((await redis.sismember(key, userId)) === 1) mentions.push(key);
      return mentions;
    } finally {
      redis.disconnect();
    }
  }

  /** Fresh member ids whose notification channel's slot is served by `master`, and as many elsewhere. */
  async function subscribersBySide(master: { host: string; port: number }): Promise<[string[], string[]]> {
    const onMaster: string[] = [];
    const elsewhere: string[] = [];
    while (onMaster.length < SUBSCRIBERS_PER_SIDE || elsewhere.length < SUBSCRIBERS_PER_SIDE) {
      const userId = randomUUID();
      const owner = await cluster.masterOf(notificationChannel(prefix, userId, NotificationKind.POINTS_AWARDED));
      const side = owner.port === master.port && owner.host === master.host ? onMaster : elsewhere;
      if (side.length < SUBSCRIBERS_PER_SIDE) side.push(userId);
    }
    return [onMaster, elsewhere];
  }

  /** WRITERS concurrent recordEvent loops over `members` (times spread over the last days) and one reader of the overall board. */
  function startTraffic(members: string[], service: string, admin: string): Traffic {
    let running = true;
    const traffic = { recorded: 0, failedWrites: [] as string[], reads: 0, failedReads: 0 };
    let sequence = 0;
    const writer = async () => {
      while (running) {
        const index = sequence++;
        const userId = members[index % members.length];
        const event = createTestEvent(SCORING_TYPES[index % SCORING_TYPES.length], {
          userId,
          timestamp: new Date(Date.now() - (index % 5) * 20 * 3_600_000 - index * 1000).toISOString(),
        });
        const response = await graphql(
          api.url,
          RECORD_EVENT,
          { event: { id: event.id, type: event.type, userId, journey: event.journey, timestamp: event.timestamp, data: event.data } },
          service,
        ).catch((error: Error) => ({ errors: [{ message: error.message }] }));
        if (response.errors) traffic.failedWrites.push(JSON.stringify(response.errors));
        else traffic.recorded++;
      }
    };
    const reader = async () => {
      while (running) {
        const response = await graphql(api.url, LEADERBOARD, { limit: 10 }, admin).catch((error: Error) => ({ errors: [{ message: error.message }] }));
        traffic.reads++;
        if (response.errors) traffic.failedReads++;
      }
    };
    const loops = [...Array.from({ length: WRITERS }, writer), reader()];
    return Object.assign(traffic, {
      stop: async () => {
        running = false;
        await Promise.all(loops);
      },
    });
  }
});
