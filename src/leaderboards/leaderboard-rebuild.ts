import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { scanKeys, type RedisClient } from '../platform/redis';
import { isJourney } from '../contract';
import { BusinessRuleError } from '../errors';
import { LeaderboardPeriod } from './leaderboard';
import type { Database, SqlExecutor } from '../platform/database';
import type { Logger } from '../platform/logger';
import { CALENDAR_PERIODS, type BoardSlot, type LeaderboardKeys } from './leaderboard-keys';
import { encodeScore, reachedAtSeconds } from './leaderboard-score';
import { onLeaderboardStore, repliesOf } from './leaderboard-store-error';
import { REBUILD_LEASE_SECONDS } from './redis-leaderboard-scripts';

export interface RebuildReport {
  members: number;
  boards: number;
  entries: number;
  /** Awards applied live while the rebuild ran, replayed onto the rebuilt boards. */
  replayed: number;
  seconds: number;
}

export interface RebuildOptions {
  /** Members read from PostgreSQL per round trip. */
  pageSize?: number;
  now?: Date;
}

interface Standing {
  points: number;
  reachedAt: number;
}

/** A board's standings for one page of members, and when the board expires (calendar periods). */
interface StagedBoard {
  expiresAt?: number;
  standings: Map<string, Standing>;
}

interface LedgerTotal {
  user_id: string;
  journey: string;
  /** The local calendar day of the group, or `all` for the all-time total. */
  day: string;
  points: string | number;
  reached_at: Date | string;
}

/**
 * Recomputes every Redis board from the points ledger (PostgreSQL is the source of truth) and
 * swaps the result in atomically.
 *
 * 1. Takes the rebuild lease (a marker key); from then on the apply script also journals
 *    every award it applies to the live boards.
 * 2. Reads the ledger in one REPEATABLE READ snapshot, page by page of members, into staging
 *    keys, with each member's highest outbox id in that snapshot as the staging watermark.
 * 3. One script replays the journal onto the staging boards, skipping awards at or below the
 *    watermark (the snapshot counted them), renames staging over live and drops live boards
 *    the ledger no longer backs. Awards committed after the snapshot but not yet relayed are
 *    above the watermark, so the sink applies them later; nothing is lost or counted twice.
 */
export class LeaderboardRebuild {
  constructor(
    private readonly database: Database,
    private readonly redis: RedisClient,
    private readonly keys: LeaderboardKeys,
    private readonly timeZone: string,
    private readonly logger: Logger,
  ) {}

  async run(options: RebuildOptions = {}): Promise<RebuildReport> {
    const started = Date.now();
    const now = options.now ?? new Date();
    const pageSize = options.pageSize ?? 5000;
    const rebuildId = randomUUID();
    await this.takeLease(rebuildId);
    try {
      return await this.rebuild(rebuildId, now, pageSize, started);
    } catch (error) {
      await this.releaseLease(rebuildId).catch((releaseError: unknown) =>
        this.logger.warn({ errorMessage: (releaseError as Error).message }, 'leaderboard rebuild lease not released; it expires by itself'),
      );
      throw error;
    }
  }

  private async rebuild(rebuildId: string, now: Date, pageSize: number, started: number): Promise<RebuildReport> {
    const staged = new Map<string, number | undefined>();
    // Rows are per member, journey and local day: a few dozen distinct slot lists serve them all.
    const slotsOfDay = new Map<string, readonly BoardSlot[]>();
    let members = 0;
    let entries = 0;
    await this.database.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const since = this.keys.retainedSince(now);
      for (let after: string | null = null; ;) {
        const page = await tx.query<{ user_id: string }>(`SELECT user_id::text AS user_id FROM profiles WHERE $1::uuid IS NULL OR user_id > $1::uuid ORDER BY user_id LIMIT $2`, [
          after,
          pageSize,
        ]);
        if (page.length === 0) break;
        const range: [string, string] = [page[0].user_id, page[page.length - 1].user_id];
        const boards = await this.standings(tx, range, since, now, slotsOfDay);
        entries += await this.stage(boards, staged);
        await this.stageWatermarks(tx, range);
        await this.renewLease(rebuildId);
        members += page.length;
        after = range[1];
        this.logger.debug({ members }, 'leaderboard rebuild progress');
      }
    });
    await this.expireStaged(staged);
    const replayed = await this.swap(rebuildId, [...staged.keys()]);
    const report = { members, boards: staged.size, entries, replayed, seconds: (Date.now() - started) / 1000 };
    this.logger.info(report, 'leaderboards rebuilt');
    return report;
  }

  /** Each member of the range's standing on every board: all-time from the whole ledger, calendar periods since `since`. */
  private async standings(
    tx: SqlExecutor,
    [first, last]: [string, string],
    since: Date,
    now: Date,
    slotsOfDay: Map<string, readonly BoardSlot[]>,
  ): Promise<Map<string, StagedBoard>> {
    const rows = await tx.query<LedgerTotal>(
      `SELECT user_id::text AS user_id, journey, 'all' AS day, sum(points) AS points, max(occurred_at) AS reached_at
         FROM points_ledger WHERE user_id BETWEEN $1::uuid AND $2::uuid GROUP BY user_id, journey
       UNION ALL
       SELECT user_id::text, journey, to_char(occurred_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, sum(points), max(occurred_at)
         FROM points_ledger WHERE user_id BETWEEN $1::uuid AND $2::uuid AND occurred_at >= $3
         GROUP BY user_id, journey, day`,
      [first, last, since.toISOString(), this.timeZone],
    );
    const boards = new Map<string, StagedBoard>();
    const nowSeconds = now.getTime() / 1000;
    for (const row of rows) {
      const points = Number(row.points);
      if (points <= 0 || !isJourney(row.journey)) continue;
      const reachedAt = new Date(row.reached_at);
      const memoKey = `${row.journey}|${row.day}`;
      let slots = slotsOfDay.get(memoKey);
      if (!slots) {
        slots = this.keys.slotsFor(row.journey, reachedAt, row.day === 'all' ? [LeaderboardPeriod.ALL_TIME] : CALENDAR_PERIODS);
        slotsOfDay.set(memoKey, slots);
      }
      for (const slot of slots) {
        if (slot.expiresAt !== undefined && slot.expiresAt <= nowSeconds) continue;
        const board = boards.get(slot.key) ?? { expiresAt: slot.expiresAt, standings: new Map<string, Standing>() };
        boards.set(slot.key, board);
        const standing = board.standings.get(row.user_id) ?? { points: 0, reachedAt: 0 };
        standing.points += points;
        standing.reachedAt = Math.max(standing.reachedAt, reachedAtSeconds(reachedAt));
        board.standings.set(row.user_id, standing);
      }
    }
    return boards;
  }

  /** Writes one page of standings into the staging boards; returns the entries written. */
  private async stage(boards: Map<string, StagedBoard>, staged: Map<string, number | undefined>): Promise<number> {
    if (boards.size === 0) return 0;
    const pipeline = this.redis.pipeline();
    let entries = 0;
    for (const [liveKey, { expiresAt, standings }] of boards) {
      const args: (string | number)[] = [];
      for (const [userId, standing] of standings) args.push(encodeScore(standing.points, standing.reachedAt), userId);
      pipeline.zadd(this.keys.nextOf(liveKey), ...args);
      entries += standings.size;
      staged.set(liveKey, expiresAt);
    }
    await this.exec(pipeline);
    return entries;
  }

  private async stageWatermarks(tx: SqlExecutor, [first, last]: [string, string]): Promise<void> {
    const rows = await tx.query<{ user_id: string; id: string }>(
      `SELECT user_id::text AS user_id, max(id)::text AS id FROM outbox WHERE user_id BETWEEN $1::uuid AND $2::uuid GROUP BY user_id`,
      [first, last],
    );
    if (rows.length === 0) return;
    await onLeaderboardStore(() => this.redis.hset(this.keys.appliedNext, Object.fromEntries(rows.map((row) => [row.user_id, row.id]))));
  }

  private async expireStaged(staged: Map<string, number | undefined>): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [liveKey, expiresAt] of staged) if (expiresAt !== undefined) pipeline.expireat(this.keys.nextOf(liveKey), expiresAt);
    await this.exec(pipeline);
  }

  private async swap(rebuildId: string, rebuilt: string[]): Promise<number> {
    const live = await this.scan(this.keys.livePattern);
    const k = this.keys;
    return onLeaderboardStore(() =>
      this.redis.leaderboardSwapRebuilt(
        4,
        k.rebuildMarker,
        k.rebuildJournal,
        k.applied,
        k.appliedNext,
        rebuildId,
        k.livePrefix,
        k.nextPrefix,
        JSON.stringify(rebuilt),
        JSON.stringify(live),
      ),
    );
  }

  /** One rebuild at a time; leftovers of a crashed one (staging keys, journal) are cleared. */
  private async takeLease(rebuildId: string): Promise<void> {
    const taken = await onLeaderboardStore(() => this.redis.set(this.keys.rebuildMarker, rebuildId, 'EX', REBUILD_LEASE_SECONDS, 'NX'));
    if (taken !== 'OK') {
      throw new BusinessRuleError(`another leaderboard rebuild is running (key ${this.keys.rebuildMarker}); wait for it to finish or expire`);
    }
    const leftovers = await this.scan(this.keys.nextPattern);
    await onLeaderboardStore(() => this.redis.unlink(this.keys.rebuildJournal, this.keys.appliedNext, ...leftovers));
  }

  /** Ends a failed rebuild's lease at once (if still its own) rather than after it expires; staging keys wait for the next rebuild. */
  private async releaseLease(rebuildId: string): Promise<void> {
    await this.redis.watch(this.keys.rebuildMarker);
    if ((await this.redis.get(this.keys.rebuildMarker)) !== rebuildId) {
      await this.redis.unwatch();
      return;
    }
    await this.redis.multi().del(this.keys.rebuildMarker, this.keys.rebuildJournal).exec();
  }

  private async renewLease(rebuildId: string): Promise<void> {
    const [owner] = repliesOf(
      await onLeaderboardStore(() =>
        this.redis.multi().get(this.keys.rebuildMarker).expire(this.keys.rebuildMarker, REBUILD_LEASE_SECONDS, 'XX').expire(this.keys.rebuildJournal, REBUILD_LEASE_SECONDS).exec(),
      ),
    );
    if (owner !== rebuildId) throw new BusinessRuleError('the leaderboard rebuild lease expired or was taken over; nothing was swapped');
  }

  private scan(pattern: string): Promise<string[]> {
    return onLeaderboardStore(() => scanKeys(this.redis, pattern));
  }

  private async exec(pipeline: ChainableCommander): Promise<void> {
    repliesOf(await onLeaderboardStore(() => pipeline.exec()));
  }
}
