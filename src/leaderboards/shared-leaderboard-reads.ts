import type { LeaderboardPage, LeaderboardQuery, LeaderboardReader, RankedMember } from './leaderboard';

/**
 * Concurrent reads of the same page share one read while it is in flight; nothing is kept once
 * it has answered. Under load most `leaderboard` queries ask for the same page at the same moment
 * (the overall top 10), and one Redis or SQL read then serves them all. A caller may get a page
 * read up to one read's duration before its own request: boards follow the outbox relay
 * asynchronously anyway, so no caller can count on anything fresher. A query for another
 * instant (`at`) and `rankOf` are passed through.
 */
export class SharedLeaderboardReads implements LeaderboardReader {
  private readonly inFlight = new Map<string, Promise<LeaderboardPage>>();

  constructor(private readonly reader: LeaderboardReader) {}

  top(query: LeaderboardQuery): Promise<LeaderboardPage> {
    if (query.at !== undefined) return this.reader.top(query);
    const key = `${query.journey ?? ''}|${query.period}|${query.limit}|${query.around ?? ''}`;
    const joined = this.inFlight.get(key);
    if (joined) return joined;
    const read = this.reader.top(query).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, read);
    return read;
  }

  rankOf(userId: string, query: Omit<LeaderboardQuery, 'limit' | 'around'>): Promise<RankedMember | null> {
    return this.reader.rankOf(userId, query);
  }
}
