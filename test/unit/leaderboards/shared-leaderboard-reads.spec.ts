import { LeaderboardPeriod, type LeaderboardPage, type LeaderboardQuery, type LeaderboardReader } from '../../../src/leaderboards/leaderboard';
import { SharedLeaderboardReads } from '../../../src/leaderboards/shared-leaderboard-reads';

/** A board whose reads the test answers by hand; it records each read. */
class HeldReader implements LeaderboardReader {
  reads: LeaderboardQuery[] = [];
  private answers: ((page: LeaderboardPage) => void)[] = [];
  private failures: ((error: Error) => void)[] = [];

  top(query: LeaderboardQuery): Promise<LeaderboardPage> {
    this.reads.push(query);
    return new Promise((resolve, reject) => {
      this.answers.push(resolve);
      this.failures.push(reject);
    });
  }

  async rankOf(userId: string): Promise<{ rank: number; userId: string; points: number }> {
    return { rank: 1, userId, points: 10 };
  }

  answerAll(points: number): void {
    for (const answer of this.answers.splice(0)) answer({ journey: null, period: LeaderboardPeriod.ALL_TIME, periodKey: 'all', entries: [{ rank: 1, userId: 'a', points }] });
    this.failures.splice(0);
  }

  failAll(): void {
    for (const fail of this.failures.splice(0)) fail(new Error('redis down'));
    this.answers.splice(0);
  }
}

const top10: LeaderboardQuery = { period: LeaderboardPeriod.ALL_TIME, limit: 10 };
const pointsOf = (page: LeaderboardPage) => page.entries[0].points;

describe(SharedLeaderboardReads.name, () => {
  it('should serve concurrent reads of one page with one read, and read again once it has answered', async () => {
    const reader = new HeldReader();
    const shared = new SharedLeaderboardReads(reader);
    const together = [shared.top(top10), shared.top({ ...top10 })];
    reader.answerAll(5);
    expect((await Promise.all(together)).map(pointsOf)).toEqual([5, 5]);
    expect(reader.reads).toHaveLength(1);

    const after = shared.top(top10);
    reader.answerAll(7);
    expect(pointsOf(await after)).toBe(7);
    expect(reader.reads).toHaveLength(2);
  });

  it.each<[string, Partial<LeaderboardQuery>]>([
    ['another limit', { limit: 3 }],
    ['another journey', { journey: 'health' }],
    ['another period', { period: LeaderboardPeriod.WEEK }],
    ['a page around a member', { around: 'b' }],
    ['another instant', { at: new Date('2026-11-01T00:00:00Z') }],
  ])('should read separately for %s', async (_name, change) => {
    const reader = new HeldReader();
    const shared = new SharedLeaderboardReads(reader);
    const both = Promise.all([shared.top(top10), shared.top({ ...top10, ...change })]);
    reader.answerAll(5);
    await both;
    expect(reader.reads).toEqual([top10, { ...top10, ...change }]);
  });

  it('should fail every caller of a failed read, and read again for the next', async () => {
    const reader = new HeldReader();
    const shared = new SharedLeaderboardReads(reader);
    const together = Promise.allSettled([shared.top(top10), shared.top(top10)]);
    reader.failAll();
    expect((await together).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const next = shared.top(top10);
    reader.answerAll(9);
    expect(pointsOf(await next)).toBe(9);
    expect(reader.reads).toHaveLength(2);
  });

  it('should pass a rank through', async () => {
    expect(await new SharedLeaderboardReads(new HeldReader()).rankOf('a', { period: LeaderboardPeriod.ALL_TIME })).toEqual({ rank: 1, userId: 'a', points: 10 });
  });
});
