import type { RedisClient } from '../platform/redis';
import { periodBounds, type LeaderboardPage, type LeaderboardQuery, type LeaderboardReader, type RankedMember } from './leaderboard';
import type { LeaderboardKeys } from './leaderboard-keys';
import { decodeScore } from './leaderboard-score';
import { onLeaderboardStore, repliesOf } from './leaderboard-store-error';

/**
 * Leaderboards served from the Redis sorted sets (one ZRANGE for a page, ZRANK + ZSCORE for a
 * rank): constant work per request whatever the number of members. The boards are kept by
 * {@link RedisLeaderboardSink} and recomputed from the ledger by `leaderboard rebuild`.
 */
export class RedisLeaderboardReader implements LeaderboardReader {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: LeaderboardKeys,
    private readonly timeZone: string,
  ) {}

  top(query: LeaderboardQuery): Promise<LeaderboardPage> {
    const bounds = periodBounds(query.period, query.at ?? new Date(), this.timeZone);
    const key = this.keys.board(query.journey, bounds.key);
    return onLeaderboardStore(async () => {
      let offset = 0;
      if (query.around) {
        const rank = await this.redis.zrank(key, query.around);
        if (rank !== null) offset = Math.max(0, rank - Math.floor(query.limit / 2));
      }
      const flat = await this.redis.zrange(key, offset, offset + query.limit - 1, 'WITHSCORES');
      const entries: RankedMember[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        entries.push({ rank: offset + i / 2 + 1, userId: flat[i], points: decodeScore(Number(flat[i + 1])).points });
      }
      return { journey: query.journey ?? null, period: query.period, periodKey: bounds.key, entries };
    });
  }

  async rankOf(userId: string, query: Omit<LeaderboardQuery, 'limit' | 'around'>): Promise<RankedMember | null> {
    const key = this.keys.board(query.journey, periodBounds(query.period, query.at ?? new Date(), this.timeZone).key);
    const [rank, score] = repliesOf(await onLeaderboardStore(() => this.redis.multi().zrank(key, userId).zscore(key, userId).exec()));
    if (rank === null || score === null) return null;
    return { rank: Number(rank) + 1, userId, points: decodeScore(Number(score)).points };
  }
}
