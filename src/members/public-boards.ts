import type { Journey } from '../contract';
import type { LeaderboardPeriod } from '../leaderboards/leaderboard';
import type { PublicLeaderboardQuery, PublicLeaderboardReader, PublicStanding } from '../leaderboards/public-leaderboard';
import type { MemberKeyring } from './member-keyring';

/** A line of a public board: no member id, a display name. */
export interface PublicBoardEntry {
  rank: number;
  displayName: string;
  points: number;
  level: number;
  isMe: boolean;
}

export interface PublicBoard {
  journey: Journey | null;
  period: LeaderboardPeriod;
  periodKey: string;
  entries: PublicBoardEntry[];
  me: PublicBoardEntry | null;
}

/** Boards as members see them: standings under display names (chosen, else pseudonyms). */
export class PublicBoards {
  constructor(
    private readonly reader: PublicLeaderboardReader,
    private readonly keyring: MemberKeyring,
  ) {}

  async page(query: PublicLeaderboardQuery): Promise<PublicBoard> {
    const page = await this.reader.page(query);
    const entry = (standing: PublicStanding): PublicBoardEntry => ({
      rank: standing.rank,
      displayName: standing.chosenName ?? this.keyring.pseudonym(standing.userId),
      points: standing.points,
      level: standing.level,
      isMe: standing.userId === query.viewerId,
    });
    return { journey: page.journey, period: page.period, periodKey: page.periodKey, entries: page.entries.map(entry), me: page.viewer && entry(page.viewer) };
  }
}
