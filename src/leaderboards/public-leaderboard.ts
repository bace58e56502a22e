import type { Journey } from '../contract';
import type { LeaderboardPeriod, LeaderboardQuery } from './leaderboard';

/** Whether public boards list a member; a hidden member still sees their own standing. */
export enum LeaderboardVisibility {
  PUBLIC = 'PUBLIC',
  HIDDEN = 'HIDDEN',
}

export interface PublicLeaderboardQuery extends Omit<LeaderboardQuery, 'around'> {
  /** The member asking: their own standing comes back beside the page. */
  viewerId?: string;
}

/**
 * One member's standing on a public board, as the reader finds it. `userId` never leaves the
 * server: the members room turns it into a display name and `isMe`.
 */
export interface PublicStanding {
  /** Rank among the members the board lists (hidden members take no rank). */
  rank: number;
  userId: string;
  points: number;
  level: number;
  /** The display name the member chose; null when they show their pseudonym. */
  chosenName: string | null;
}

export interface PublicLeaderboardPage {
  journey: Journey | null;
  period: LeaderboardPeriod;
  periodKey: string;
  entries: PublicStanding[];
  /** The viewer's standing (rank as if listed, when hidden); null when not on the board or no viewer. */
  viewer: PublicStanding | null;
}

/** Boards as members see them: hidden members left out and ranks closed up, no decisions. */
export interface PublicLeaderboardReader {
  page(query: PublicLeaderboardQuery): Promise<PublicLeaderboardPage>;
}
