import { LeaderboardPeriod } from '../../../src/leaderboards/leaderboard';
import { CachedPublicLeaderboardReader } from '../../../src/leaderboards/cached-public-leaderboard';
import type { PublicLeaderboardPage, PublicLeaderboardQuery, PublicLeaderboardReader } from '../../../src/leaderboards/public-leaderboard';

const TTL_MS = 1000;

/** A board of three members whose points the test changes; it counts its reads. */
class CountingReader implements PublicLeaderboardReader {
  reads: PublicLeaderboardQuery[] = [];
  points = 100;
  failNext = false;

  async page(query: PublicLeaderboardQuery): Promise<PublicLeaderboardPage> {
    this.reads.push(query);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('redis down');
    }
    const standing = (userId: string, rank: number) => ({ rank, userId, points: this.points - rank, level: 1, chosenName: null });
    const members = ['a', 'b', 'c'];
    return {
      journey: query.journey ?? null,
      period: query.period,
      periodKey: 'all',
      entries: members.slice(0, query.limit).map((userId, index) => standing(userId, index + 1)),
      viewer: query.viewerId === undefined ? null : standing(query.viewerId, members.indexOf(query.viewerId) + 1),
    };
  }
}

function setUp() {
  jest.useFakeTimers({ now: new Date('2026-12-01T04:00:00Z') });
  const reader = new CountingReader();
  return { reader, cached: new CachedPublicLeaderboardReader(reader, TTL_MS) };
}

const top2 = (viewerId?: string): PublicLeaderboardQuery => ({ period: LeaderboardPeriod.ALL_TIME, limit: 2, ...(viewerId ? { viewerId } : {}) });

describe(CachedPublicLeaderboardReader.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should read a page once for every caller, and each member’s own line once, until they expire', async () => {
    const { reader, cached } = setUp();
    const [forA, forB, again] = await Promise.all([cached.page(top2('a')), cached.page(top2('b')), cached.page(top2('a'))]);

    expect(forA.entries.map((e) => e.userId)).toEqual(['a', 'b']);
    expect([forA.viewer?.userId, forB.viewer?.userId, again.viewer?.userId]).toEqual(['a', 'b', 'a']);
    expect(reader.reads).toEqual([top2(), { ...top2(), limit: 0, viewerId: 'a' }, { ...top2(), limit: 0, viewerId: 'b' }]);

    reader.points = 500;
    expect((await cached.page(top2('a'))).entries[0].points).toBe(99);
    jest.advanceTimersByTime(TTL_MS);
    const fresh = await cached.page(top2('a'));
    expect([fresh.entries[0].points, fresh.viewer?.points]).toEqual([499, 499]);
  });

  it.each([
    ['forgotten (a name, a visibility or an erasure changed)', (cached: CachedPublicLeaderboardReader) => cached.forget()],
    ['another limit', () => undefined, { limit: 3 }],
    ['another journey', () => undefined, { journey: 'health' as const }],
    ['another instant (at)', () => undefined, { at: new Date('2026-11-01T00:00:00Z') }],
  ])('should read again when %s', async (_case, act, change: Partial<PublicLeaderboardQuery> = {}) => {
    const { reader, cached } = setUp();
    await cached.page(top2());
    act(cached);
    await cached.page({ ...top2(), ...change });
    expect(reader.reads).toHaveLength(2);
  });

  it('should not hold a failed read', async () => {
    const { reader, cached } = setUp();
    reader.failNext = true;
    await expect(cached.page(top2())).rejects.toThrow('redis down');
    expect((await cached.page(top2())).entries).toHaveLength(2);
    expect(reader.reads).toHaveLength(2);
  });
});
