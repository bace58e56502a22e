import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ApiNode } from '../../../src/http/api-node';
import { JOURNEYS, type Journey } from '../../../src/contract';
import { NotificationKind, type Notification } from '../../../src/engine/notifications/notification';
import { LeaderboardPeriod } from '../../../src/leaderboards/leaderboard';
import { SqlLeaderboardReader } from '../../../src/leaderboards/sql-leaderboard';
import { createTestEvent, EventType } from '../../../src/kit';
import { LeaderboardKeys } from '../../../src/leaderboards/leaderboard-keys';
import { LeaderboardRebuild } from '../../../src/leaderboards/leaderboard-rebuild';
import { defineLeaderboardScripts } from '../../../src/leaderboards/redis-leaderboard-scripts';
import { RedisLeaderboardSink } from '../../../src/leaderboards/redis-leaderboard-sink';
import { createLogger } from '../../../src/platform/logger';
import type { Database, SqlExecutor } from '../../../src/platform/database';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { eventually, spawnMain } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken } from '../../support/tokens';

jest.setTimeout(60_000);

const REDIS_URL = 'redis://127.0.0.1:6379';
const TIMEZONE = 'America/Sao_Paulo';
const PERIODS = Object.values(LeaderboardPeriod);
const BOARDS: (Journey | undefined)[] = [undefined, ...JOURNEYS];

const LEADERBOARD = `
  query Board($journey: String, $period: LeaderboardPeriod, $limit: Int, $around: ID) {
    leaderboard(journey: $journey, period: $period, limit: $limit, around: $around) { periodKey entries { rank userId points } }
  }`;
const MY_RANK = `
  query Rank($userId: ID!, $journey: String, $period: LeaderboardPeriod) {
    myRank(userId: $userId, journey: $journey, period: $period) { rank userId points }
  }`;

/** Events that award points in every journey under the default rules. */
const SCORING_TYPES = [
  EventType.HEALTH_METRIC_RECORDED,
  EventType.GOAL_ACHIEVED,
  EventType.APPOINTMENT_ATTENDED,
  EventType.TELEMEDICINE_SESSION_COMPLETED,
  EventType.CLAIM_SUBMITTED,
  EventType.PLAN_RENEWED,
  EventType.DAILY_LOGIN,
];

describe('leaderboards in Redis', () => {
  const prefix = `test-lb-${randomUUID().slice(0, 8)}`;
  const keys = new LeaderboardKeys(prefix, TIMEZONE, 7);
  const logger = createLogger('silent');
  let database: TestDatabase;
  let api: ApiNode;
  let redis: Redis;
  let sql: SqlLeaderboardReader;
  let service: string;
  let admin: string;

  const env = { REDIS_URL, CHANNEL_PREFIX: prefix, TIMEZONE, OUTBOX_POLL_INTERVAL_MS: '50' };

  beforeAll(async () => {
    database = await createTestDatabase('leaderboards');
    api = await startTestApi({ databaseUrl: database.url, env });
    redis = defineLeaderboardScripts(new Redis(REDIS_URL));
    sql = new SqlLeaderboardReader(database, TIMEZONE);
    service = await serviceToken();
    admin = await adminToken();
  });

  afterAll(async () => {
    await api?.stop();
    const leftovers = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (leftovers.length > 0) await redis.del(...leftovers);
    redis?.disconnect();
    await database?.drop();
  });

  async function record(type: EventType, userId: string, timestamp: Date): Promise<void> {
    const event = createTestEvent(type, { userId, timestamp: timestamp.toISOString() });
    const response = await graphql(
      api.url,
      RECORD_EVENT,
      { event: { id: event.id, type: event.type, userId, journey: event.journey, timestamp: event.timestamp, data: event.data } },
      service,
    );
    expect(response.errors).toBeUndefined();
  }

  /** Members on several boards with distinct reached-at seconds (today, earlier this week, this month). */
  async function recordSpread(members: string[], round: number): Promise<void> {
    const now = Date.now();
    await Promise.all(
      members.map((userId, index) =>
        record(SCORING_TYPES[(index + round) % SCORING_TYPES.length], userId, new Date(now - ((index * 7 + round * 3) % 50) * 3_600_000 - index * 1000)),
      ),
    );
  }

  async function relayed(): Promise<void> {
    await eventually(async () => (await database.query<{ n: string }>('SELECT count(*) AS n FROM outbox_pending'))[0].n === '0');
  }

  async function boardsOverGraphql() {
    const pages: Record<string, unknown> = {};
    for (const journey of BOARDS) {
      for (const period of PERIODS) {
        const response = await graphql(api.url, LEADERBOARD, { journey, period, limit: 100 }, admin);
        expect(response.errors).toBeUndefined();
        pages[`${journey ?? 'all'}:${period}`] = response.data?.leaderboard;
      }
    }
    return pages;
  }

  async function boardsFromDatabase() {
    const pages: Record<string, unknown> = {};
    for (const journey of BOARDS) {
      for (const period of PERIODS) {
        const page = await sql.top({ journey, period, limit: 100 });
        pages[`${journey ?? 'all'}:${period}`] = { periodKey: page.periodKey, entries: page.entries };
      }
    }
    return pages;
  }

  /** Every live board exactly as Redis holds it (members, scores) and whether it expires. */
  async function liveBoards(): Promise<Record<string, { members: string[]; expires: boolean }>> {
    const snapshot: Record<string, { members: string[]; expires: boolean }> = {};
    for (const key of (await redis.keys(`${prefix}:{lb}:*`)).sort()) {
      snapshot[key] = { members: await redis.zrange(key, 0, -1, 'WITHSCORES'), expires: (await redis.ttl(key)) > 0 };
    }
    return snapshot;
  }

  it('should serve from Redis the same ranks and points as the database computes, on every board and period', async () => {
    const members = Array.from({ length: 24 }, () => randomUUID());
    for (let round = 0; round < 3; round++) await recordSpread(members, round);
    // Today on every board, each at its own second (ties within one second fall back to userId).
    await Promise.all(SCORING_TYPES.map((type, index) => record(type, members[index], new Date(Date.now() - index * 1000))));
    await relayed();
    const fromRedis = await boardsOverGraphql();
    expect(fromRedis).toEqual(await boardsFromDatabase());
    expect(Object.entries(fromRedis).filter(([, page]) => (page as { entries: unknown[] }).entries.length === 0)).toEqual([]);
    for (const userId of members.slice(0, 4)) {
      const response = await graphql(api.url, MY_RANK, { userId, period: 'ALL_TIME' }, admin);
      expect(response.data?.myRank).toEqual(await sql.rankOf(userId, { period: LeaderboardPeriod.ALL_TIME }));
    }
  });

  it('should rank whoever reached an equal score earlier first, whatever the order of recording', async () => {
    const [early, late] = [randomUUID(), randomUUID()];
    const now = Date.now();
    await record(EventType.APPOINTMENT_ATTENDED, late, new Date(now - 60_000));
    await record(EventType.APPOINTMENT_ATTENDED, early, new Date(now - 120_000));
    await relayed();
    const response = await graphql(api.url, LEADERBOARD, { journey: 'care', period: 'DAY', limit: 100, around: early }, admin);
    const entries = response.data?.leaderboard.entries as { userId: string; rank: number; points: number }[];
    const earlyEntry = entries.find((entry) => entry.userId === early)!;
    const lateEntry = entries.find((entry) => entry.userId === late)!;
    expect(earlyEntry.points).toBe(lateEntry.points);
    expect(lateEntry.rank).toBe(earlyEntry.rank + 1);
  });

  it('should break a tie within one second by userId, in the database as in Redis, whatever the milliseconds', async () => {
    const [smaller, larger] = [randomUUID(), randomUUID()].sort();
    const second = Math.floor((Date.now() - 30_000) / 1000) * 1000;
    await record(EventType.APPOINTMENT_ATTENDED, larger, new Date(second + 100));
    await record(EventType.APPOINTMENT_ATTENDED, smaller, new Date(second + 900));
    await relayed();
    for (const [journey, period] of [['care', LeaderboardPeriod.DAY], [undefined, LeaderboardPeriod.ALL_TIME]] as const) {
      const ranks = [];
      for (const userId of [smaller, larger]) {
        const response = await graphql(api.url, MY_RANK, { userId, journey, period }, admin);
        expect(response.data?.myRank).toEqual(await sql.rankOf(userId, { journey, period }));
        ranks.push(response.data?.myRank.rank as number);
      }
      expect(ranks[1]).toBe(ranks[0] + 1);
    }
  });

  it('should page around a member with their rank in the middle', async () => {
    const all = (await graphql(api.url, LEADERBOARD, { period: 'ALL_TIME', limit: 100 }, admin)).data?.leaderboard.entries as { userId: string }[];
    const middle = all[10].userId;
    const page = (await graphql(api.url, LEADERBOARD, { period: 'ALL_TIME', limit: 5, around: middle }, admin)).data?.leaderboard.entries;
    expect(page.map((entry: { rank: number }) => entry.rank)).toEqual([9, 10, 11, 12, 13]);
    expect(page[2].userId).toBe(middle);
  });

  it('should expire calendar-period boards and keep all-time ones', async () => {
    const boards = await liveBoards();
    const expiring = Object.entries(boards).filter(([, board]) => board.expires).map(([key]) => key.split(':').pop());
    const kept = Object.entries(boards).filter(([, board]) => !board.expires).map(([key]) => key.split(':').pop());
    expect(new Set(kept)).toEqual(new Set(['all']));
    expect(expiring.length).toBeGreaterThan(0);
    expect(expiring).not.toContain('all');
  });

  it('should count every award once when the relay delivers it again', async () => {
    const before = await liveBoards();
    const rows = await database.query<{ id: string; user_id: string; kind: string; event_id: string; payload: Record<string, unknown>; created_at: Date }>(
      `SELECT id::text AS id, user_id::text AS user_id, kind, event_id, payload, created_at FROM outbox ORDER BY id`,
    );
    const notifications = rows.map(
      (row) => ({ id: row.id, userId: row.user_id, kind: row.kind, eventId: row.event_id, payload: row.payload, createdAt: row.created_at }) as unknown as Notification,
    );
    expect(notifications.some((n) => n.kind === NotificationKind.POINTS_AWARDED)).toBe(true);
    await new RedisLeaderboardSink(redis, keys).deliver(notifications);
    expect(await liveBoards()).toEqual(before);
  });

  it('should rebuild from the ledger (the `leaderboard rebuild` command) exactly the boards kept from the outbox', async () => {
    const incremental = await liveBoards();
    await redis.zadd(keys.board('plan', 'all'), -1, 'member-the-ledger-does-not-know');
    await redis.zadd(keys.board('care', '2020-01'), -1, 'stale-period');
    const command = spawnMain(['leaderboard', 'rebuild', '--page-size', '7'], { DATABASE_URL: database.url, ...env });
    const code = await exitCodeOf(command.child);
    expect(code === 0 ? '' : command.output()).toBe('');
    expect(command.output()).toMatch(/rebuilt \d+ boards for \d+ members/);
    expect(await liveBoards()).toEqual(incremental);
  });

  it('should lose and double-count nothing when awards are applied while a rebuild runs', async () => {
    const members = Array.from({ length: 6 }, () => randomUUID());
    await recordSpread(members, 0);
    await relayed();
    const during = Array.from({ length: 5 }, () => randomUUID());
    // The rebuild's snapshot is taken by its first page query; these awards are recorded and
    // relayed to the live boards after it, before the swap.
    const rebuild = new LeaderboardRebuild(
      recordingAfterFirstQuery(api.runtime.database, async () => {
        await recordSpread([...during, ...members.slice(0, 3)], 1);
        await relayed();
      }),
      redis,
      keys,
      TIMEZONE,
      logger,
    );
    const report = await rebuild.run({ pageSize: 4 });
    expect(report.replayed).toBe(8);
    expect(await boardsOverGraphql()).toEqual(await boardsFromDatabase());
    expect(await liveBoards()).toEqual(await rebuiltAgain());
  });

  it('should refuse a second rebuild while one runs, and free the lease when a rebuild fails', async () => {
    await redis.set(keys.rebuildMarker, 'another-rebuild', 'EX', 60);
    await expect(new LeaderboardRebuild(api.runtime.database, redis, keys, TIMEZONE, logger).run()).rejects.toThrow('another leaderboard rebuild is running');
    await redis.del(keys.rebuildMarker);
    const broken = Object.assign(Object.create(api.runtime.database) as Database, {
      transaction: () => Promise.reject(new Error('the database went away')),
    });
    await expect(new LeaderboardRebuild(broken, redis, keys, TIMEZONE, logger).run()).rejects.toThrow('the database went away');
    expect(await redis.exists(keys.rebuildMarker)).toBe(0);
    const boards = await liveBoards();
    await new LeaderboardRebuild(api.runtime.database, redis, keys, TIMEZONE, logger).run();
    expect(await liveBoards()).toEqual(boards);
  });

  async function rebuiltAgain() {
    await new LeaderboardRebuild(api.runtime.database, redis, keys, TIMEZONE, logger).run();
    return liveBoards();
  }
});

function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The database, whose transaction runs `between` once its first read (the snapshot) returned. */
function recordingAfterFirstQuery(database: Database, between: () => Promise<void>): Database {
  return Object.assign(Object.create(database) as Database, {
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) =>
      database.transaction((tx) => {
        let statements = 0;
        const query: SqlExecutor['query'] = async (text, params) => {
          const rows = await tx.query(text, params);
          if (++statements === 2) await between();
          return rows as never;
        };
        return work({ ...tx, query } as never);
      }),
  });
}
