import type { RedisClient } from '../platform/redis';
import type { SqlExecutor } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { LeaderboardKeys } from './leaderboard-keys';
import { onLeaderboardStore, repliesOf } from './leaderboard-store-error';
import { LeaderboardVisibility } from './public-leaderboard';

/** How a member appears on public boards, as member_settings holds it. */
export interface MemberListingSettings {
  chosenName: string | null;
  visibility: LeaderboardVisibility;
}

/**
 * The copy of member_settings that public boards read in Redis: the set of hidden members and
 * the hash of chosen names. PostgreSQL stays the source of truth; `resync` rewrites the copy
 * from it (whenever an API node's connection becomes ready, and on `leaderboard rebuild`), so a
 * restarted or flushed Redis does not go on listing members who hid themselves.
 */
export class RedisMemberListing {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: LeaderboardKeys,
  ) {}

  async apply(userId: string, settings: MemberListingSettings): Promise<void> {
    const multi = this.redis.multi();
    if (settings.chosenName === null) multi.hdel(this.keys.displayNames, userId);
    else multi.hset(this.keys.displayNames, userId, settings.chosenName);
    if (settings.visibility === LeaderboardVisibility.HIDDEN) multi.sadd(this.keys.hiddenMembers, userId);
    else multi.srem(this.keys.hiddenMembers, userId);
    repliesOf(await onLeaderboardStore(() => multi.exec()));
  }

  /** Removes the member from the copy (erasure). */
  async forget(userId: string): Promise<void> {
    repliesOf(await onLeaderboardStore(() => this.redis.multi().hdel(this.keys.displayNames, userId).srem(this.keys.hiddenMembers, userId).exec()));
  }

  /** Resyncs now if connected and on every (re)connection, logging failures; returns a stop function. */
  keepInSync(database: SqlExecutor, logger: Logger): () => void {
    const resync = () => {
      this.resync(database).catch((error: unknown) => logger.warn({ err: error }, 'could not copy member settings to the Redis leaderboards'));
    };
    this.redis.on('ready', resync);
    if (this.redis.status === 'ready') resync();
    return () => void this.redis.off('ready', resync);
  }

  /** Rewrites the copy from member_settings and swaps it in atomically. */
  async resync(database: SqlExecutor): Promise<{ hidden: number; named: number }> {
    const rows = await database.query<{ user_id: string; display_name: string | null; leaderboard_visibility: LeaderboardVisibility }>(
      `SELECT user_id, display_name, leaderboard_visibility FROM member_settings
       WHERE display_name IS NOT NULL OR leaderboard_visibility = 'HIDDEN'`,
    );
    const hidden = rows.filter((row) => row.leaderboard_visibility === LeaderboardVisibility.HIDDEN).map((row) => row.user_id);
    const named = rows.filter((row) => row.display_name !== null).flatMap((row) => [row.user_id, row.display_name!]);
    const [hiddenNext, namesNext] = [`${this.keys.hiddenMembers}:next`, `${this.keys.displayNames}:next`];
    const multi = this.redis.multi().del(hiddenNext, namesNext);
    if (hidden.length > 0) multi.sadd(hiddenNext, ...hidden);
    if (named.length > 0) multi.hset(namesNext, ...named);
    multi.del(this.keys.hiddenMembers, this.keys.displayNames);
    if (hidden.length > 0) multi.rename(hiddenNext, this.keys.hiddenMembers);
    if (named.length > 0) multi.rename(namesNext, this.keys.displayNames);
    repliesOf(await onLeaderboardStore(() => multi.exec()));
    return { hidden: hidden.length, named: named.length / 2 };
  }
}
