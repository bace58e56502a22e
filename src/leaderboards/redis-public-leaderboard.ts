import type { Result } from 'ioredis';
import type { RedisClient } from '../platform/redis';
import { levelFor } from '../engine/game/levels';
import { periodBounds } from './leaderboard';
import type { LeaderboardKeys } from './leaderboard-keys';
import { decodeScore } from './leaderboard-score';
import { onLeaderboardStore } from './leaderboard-store-error';
import type { PublicLeaderboardPage, PublicLeaderboardQuery, PublicLeaderboardReader, PublicStanding } from './public-leaderboard';

/**
 * KEYS: board, hidden set, chosen names hash, the all-time overall board (its points give the
 * level). ARGV: limit, viewer id ('' for none). Walks the board from the top skipping hidden
 * members, so ranks close up; the viewer's rank counts the hidden members ahead of them out,
 * one ZRANK per hidden member (a cost that grows with how many members hide). Returns
 * `{ page, viewer|false }`, each standing `{ userId, score, rank, chosenName|'', overallScore|'' }`.
 */
const PUBLIC_PAGE = `
local board, hidden, names, overall = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local limit, viewer = tonumber(ARGV[1]), ARGV[2]
local any_hidden = redis.call('SCARD', hidden) > 0
local function standing(member, score, rank)
  return { member, score, rank, redis.call('HGET', names, member) or '', redis.call('ZSCORE', overall, member) or '' }
end
local page, listed, offset, chunk = {}, 0, 0, limit * 2
while listed < limit do
  local flat = redis.call('ZRANGE', board, offset, offset + chunk - 1, 'WITHSCORES')
  if #flat == 0 then break end
  for i = 1, #flat, 2 do
    if not any_hidden or redis.call('SISMEMBER', hidden, flat[i]) == 0 then
      listed = listed + 1
      page[listed] = standing(flat[i], flat[i + 1], listed)
      if listed == limit then break end
    end
  end
  offset = offset + chunk
end
local mine = false
if viewer ~= '' then
  local rank = redis.call('ZRANK', board, viewer)
  if rank then
    local ahead = 0
    if any_hidden then
      for _, member in ipairs(redis.call('SMEMBERS', hidden)) do
        if member ~= viewer then
          local other = redis.call('ZRANK', board, member)
          if other and other < rank then ahead = ahead + 1 end
        end
      end
    end
    mine = standing(viewer, redis.call('ZSCORE', board, viewer), rank - ahead + 1)
  end
end
return { page, mine }
`;

type RawStanding = [userId: string, score: string, rank: number, chosenName: string, overallScore: string];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    leaderboardPublicPage(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<[RawStanding[], RawStanding | null], Context>;
  }
}

export function definePublicLeaderboardScript<Client extends RedisClient>(redis: Client): Client {
  redis.defineCommand('leaderboardPublicPage', { lua: PUBLIC_PAGE });
  return redis;
}

/** Public boards from the Redis sorted sets: one script call (one round trip) per page. */
export class RedisPublicLeaderboardReader implements PublicLeaderboardReader {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: LeaderboardKeys,
    private readonly timeZone: string,
    private readonly levels: () => readonly number[],
  ) {}

  async page(query: PublicLeaderboardQuery): Promise<PublicLeaderboardPage> {
    const bounds = periodBounds(query.period, query.at ?? new Date(), this.timeZone);
    const [page, viewer] = await onLeaderboardStore(() =>
      this.redis.leaderboardPublicPage(
        4,
        this.keys.board(query.journey, bounds.key),
        this.keys.hiddenMembers,
        this.keys.displayNames,
        this.keys.board(undefined, 'all'),
        query.limit,
        query.viewerId ?? '',
      ),
    );
    return {
      journey: query.journey ?? null,
      period: query.period,
      periodKey: bounds.key,
      entries: page.map((raw) => this.standing(raw)),
      viewer: viewer ? this.standing(viewer) : null,
    };
  }

  private standing([userId, score, rank, chosenName, overallScore]: RawStanding): PublicStanding {
    const totalPoints = overallScore === '' ? 0 : decodeScore(Number(overallScore)).points;
    return {
      rank,
      userId,
      points: decodeScore(Number(score)).points,
      level: levelFor(totalPoints, this.levels()),
      chosenName: chosenName === '' ? null : chosenName,
    };
  }
}
