import type { MemberRecompute } from '../../../src/engine/member-recompute';
import type { PostgresEngineStore } from '../../../src/engine/store/postgres-engine-store';
import { createLogger } from '../../../src/platform/logger';
import type { Database } from '../../../src/platform/database';
import { loadConfig } from '../../../src/platform/config';
import { RecomputeJobRunner } from '../../../src/rule-versions/recompute-jobs';

/** The members a round takes when there is more to do: a chunk per lane, a chunk no larger than the rate bound. */
describe('recompute job chunks', () => {
  const runner = (options: { chunkMembers: number; membersPerSecond: number; lanes: number }) =>
    new RecomputeJobRunner({} as Database, {} as PostgresEngineStore, {} as MemberRecompute, { ...options, leaseMs: 1000 }, createLogger('silent'));

  it.each([
    [{ chunkMembers: 50, membersPerSecond: 1000, lanes: 2 }, 100],
    [{ chunkMembers: 20, membersPerSecond: 1000, lanes: 2 }, 40],
    [{ chunkMembers: 20, membersPerSecond: 1000, lanes: 1 }, 20],
    [{ chunkMembers: 50, membersPerSecond: 10, lanes: 2 }, 20],
    [{ chunkMembers: 500, membersPerSecond: 1000, lanes: 1 }, 500],
  ])('%j takes %d members a round', (options, members) => {
    expect(runner(options).batch).toBe(members);
  });

  it('reads RECOMPUTE_CHUNK_MEMBERS (default 50, 1 to 500)', () => {
    expect(loadConfig({}).RECOMPUTE_CHUNK_MEMBERS).toBe(50);
    expect(loadConfig({ RECOMPUTE_CHUNK_MEMBERS: '20' }).RECOMPUTE_CHUNK_MEMBERS).toBe(20);
    expect(() => loadConfig({ RECOMPUTE_CHUNK_MEMBERS: '0' })).toThrow(/RECOMPUTE_CHUNK_MEMBERS/);
    expect(() => loadConfig({ RECOMPUTE_CHUNK_MEMBERS: '501' })).toThrow(/RECOMPUTE_CHUNK_MEMBERS/);
  });
});
