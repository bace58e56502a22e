import { periodBounds } from './leaderboard';
import { rankedMembersSql } from './sql-leaderboard';
import type { SqlExecutor } from '../platform/database';
import type { PublicLeaderboardPage, PublicLeaderboardQuery, PublicLeaderboardReader, PublicStanding } from './public-leaderboard';

interface StandingRow {
  user_id: string;
  points: string | number;
  rank: string;
  level: number | null;
  display_name: string | null;
}

const DESCRIBE = `SELECT r.user_id, r.points, r.rank, p.level, s.display_name FROM ranked r
  LEFT JOIN profiles p ON p.user_id = r.user_id LEFT JOIN member_settings s ON s.user_id = r.user_id`;

/** Public boards computed from PostgreSQL at request time (the embedded default; Redis serves them at scale). */
export class SqlPublicLeaderboardReader implements PublicLeaderboardReader {
  constructor(
    private readonly database: SqlExecutor,
    private readonly timeZone: string,
  ) {}

  async page(query: PublicLeaderboardQuery): Promise<PublicLeaderboardPage> {
    const bounds = periodBounds(query.period, query.at ?? new Date(), this.timeZone);
    const listed = rankedMembersSql(query, bounds, { publicOnly: {} });
    const rows = await this.database.query<StandingRow>(`${listed.sql} ${DESCRIBE} ORDER BY r.rank LIMIT $${listed.params.length + 1}`, [...listed.params, query.limit]);
    let viewer: PublicStanding | null = null;
    if (query.viewerId !== undefined) {
      const withViewer = rankedMembersSql(query, bounds, { publicOnly: { alsoCounting: query.viewerId } });
      const [row] = await this.database.query<StandingRow>(`${withViewer.sql} ${DESCRIBE} WHERE r.user_id = $${withViewer.params.length + 1}`, [
        ...withViewer.params,
        query.viewerId,
      ]);
      viewer = row ? toStanding(row) : null;
    }
    return { journey: query.journey ?? null, period: query.period, periodKey: bounds.key, entries: rows.map(toStanding), viewer };
  }
}

function toStanding(row: StandingRow): PublicStanding {
  return { rank: Number(row.rank), userId: row.user_id, points: Number(row.points), level: row.level ?? 1, chosenName: row.display_name };
}
