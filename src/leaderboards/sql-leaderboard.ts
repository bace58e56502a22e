import type { SqlExecutor } from '../platform/database';
import { periodBounds, type LeaderboardPage, type LeaderboardQuery, type LeaderboardReader, type RankedMember } from './leaderboard';

/**
 * Leaderboards computed from PostgreSQL at request time: right for the embedded default and
 * small installs. At scale the Redis reader serves them (sorted sets kept from the outbox).
 */
export class SqlLeaderboardReader implements LeaderboardReader {
  constructor(
    private readonly database: SqlExecutor,
    private readonly timeZone: string,
  ) {}

  async top(query: LeaderboardQuery): Promise<LeaderboardPage> {
    const bounds = periodBounds(query.period, query.at ?? new Date(), this.timeZone);
    const ranked = rankedMembersSql(query, bounds);
    let offset = 0;
    if (query.around) {
      const rank = await this.rankOf(query.around, query);
      if (rank) offset = Math.max(0, rank.rank - 1 - Math.floor(query.limit / 2));
    }
    const rows = await this.database.query<{ user_id: string; points: number; rank: string }>(
      `${ranked.sql} SELECT user_id, points, rank FROM ranked ORDER BY rank LIMIT $${ranked.params.length + 1} OFFSET $${ranked.params.length + 2}`,
      [...ranked.params, query.limit, offset],
    );
    return {
      journey: query.journey ?? null,
      period: query.period,
      periodKey: bounds.key,
      entries: rows.map((row) => ({ rank: Number(row.rank), userId: row.user_id, points: Number(row.points) })),
    };
  }

  async rankOf(userId: string, query: Omit<LeaderboardQuery, 'limit' | 'around'>): Promise<RankedMember | null> {
    const bounds = periodBounds(query.period, query.at ?? new Date(), this.timeZone);
    const ranked = rankedMembersSql(query, bounds);
    const rows = await this.database.query<{ user_id: string; points: number; rank: string }>(
      `${ranked.sql} SELECT user_id, points, rank FROM ranked WHERE user_id = $${ranked.params.length + 1}`,
      [...ranked.params, userId],
    );
    const row = rows[0];
    return row ? { rank: Number(row.rank), userId: row.user_id, points: Number(row.points) } : null;
  }
}

/** Who a ranking counts: everyone (admin boards), or only members listed publicly plus, optionally, one viewer. */
export interface RankedScope {
  publicOnly?: { alsoCounting?: string };
}

/**
 * `WITH ranked AS (user_id, points, rank)` for a board and period: the profiles' totals for the
 * overall all-time board, else the ledger summed over the period. With `publicOnly`, members who
 * hid themselves take no rank (ranks close up), except `alsoCounting`.
 */
export function rankedMembersSql(query: Pick<LeaderboardQuery, 'journey'>, bounds: { from?: Date; to?: Date }, scope: RankedScope = {}): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const listed = scope.publicOnly
    ? ` AND NOT EXISTS (SELECT 1 FROM member_settings s WHERE s.user_id = t.user_id AND s.leaderboard_visibility = 'HIDDEN'${
        scope.publicOnly.alsoCounting === undefined ? '' : ` AND s.user_id <> $${params.push(scope.publicOnly.alsoCounting)}`
      })`
    : '';
  if (!query.journey && !bounds.from) {
    return {
      sql: `WITH ranked AS (
              SELECT user_id, total_points AS points,
                row_number() OVER (ORDER BY total_points DESC, points_reached_at ASC, user_id) AS rank
              FROM profiles t WHERE total_points > 0${listed})`,
      params,
    };
  }
  const filters: string[] = [];
  if (query.journey) filters.push(`journey = $${params.push(query.journey)}`);
  if (bounds.from) filters.push(`occurred_at >= $${params.push(bounds.from.toISOString())}`);
  if (bounds.to) filters.push(`occurred_at < $${params.push(bounds.to.toISOString())}`);
  return {
    sql: `WITH totals AS (
            SELECT user_id, sum(points) AS points, date_trunc('second', max(occurred_at)) AS reached_at FROM points_ledger
            WHERE ${filters.join(' AND ')} GROUP BY user_id),
          ranked AS (
            SELECT user_id, points, row_number() OVER (ORDER BY points DESC, reached_at ASC, user_id) AS rank
            FROM totals t WHERE points > 0${listed})`,
    params,
  };
}
