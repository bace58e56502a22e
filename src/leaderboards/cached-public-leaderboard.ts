import type { PublicLeaderboardPage, PublicLeaderboardQuery, PublicLeaderboardReader, PublicStanding } from './public-leaderboard';

interface Held<T> {
  expiresAt: number;
  value: Promise<T>;
}

/** Viewer lines held at most; past it, expired ones are dropped (and all of them if none had expired). */
const MAX_VIEWER_LINES = 50_000;

/**
 * Public boards as every caller of this process shares them for `ttlMs`: one read of a page
 * (journey, period, limit) serves all callers until it expires, and each member's own line is
 * held as long; concurrent callers of an expired entry wait for one read. `forget()` drops
 * everything at once: this process calls it when a member's name, visibility or erasure changes
 * what boards show. A query for another instant (`at`) is not held.
 */
export class CachedPublicLeaderboardReader implements PublicLeaderboardReader {
  private readonly pages = new Map<string, Held<PublicLeaderboardPage>>();
  private readonly viewerLines = new Map<string, Held<PublicStanding | null>>();

  constructor(
    private readonly reader: PublicLeaderboardReader,
    private readonly ttlMs: number,
  ) {}

  async page(query: PublicLeaderboardQuery): Promise<PublicLeaderboardPage> {
    if (query.at !== undefined) return this.reader.page(query);
    const { viewerId, ...board } = query;
    const boardKey = `${board.journey ?? ''}|${board.period}`;
    const now = Date.now();
    const page = this.held(this.pages, `${boardKey}|${board.limit}`, now, () => this.reader.page(board));
    const viewer =
      viewerId === undefined
        ? Promise.resolve(null)
        : this.held(this.viewerLines, `${boardKey}|${viewerId}`, now, async () => (await this.reader.page({ ...board, limit: 0, viewerId })).viewer);
    const [shared, mine] = await Promise.all([page, viewer]);
    return { ...shared, viewer: mine };
  }

  forget(): void {
    this.pages.clear();
    this.viewerLines.clear();
  }

  private held<T>(entries: Map<string, Held<T>>, key: string, now: number, read: () => Promise<T>): Promise<T> {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return entry.value;
    if (entries.size >= MAX_VIEWER_LINES) dropExpired(entries, now);
    const value = read();
    const fresh = { expiresAt: now + this.ttlMs, value };
    entries.set(key, fresh);
    // A failed read is not held: the next caller tries again.
    value.catch(() => entries.get(key) === fresh && entries.delete(key));
    return value;
  }
}

function dropExpired<T>(entries: Map<string, Held<T>>, now: number): void {
  for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  if (entries.size >= MAX_VIEWER_LINES) entries.clear();
}
