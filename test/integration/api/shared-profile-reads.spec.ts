import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import { TestApiNodes } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

const PROFILE = 'query P($u: ID!) { profile(userId: $u) { userId totalPoints } }';

describe('profile reads shared by concurrent requests', () => {
  let database: TestDatabase;
  const nodes = new TestApiNodes();

  beforeAll(async () => {
    database = await createTestDatabase('shared_profile_reads');
  });

  afterAll(async () => {
    await nodes.stopAll();
    await database?.drop();
  });

  it("should answer each of many concurrent requests with its own member's profile", async () => {
    const api = await nodes.start(database.url, {});
    const members = Array.from({ length: 60 }, (_, index) => ({ userId: randomUUID(), points: (index + 1) * 7 }));
    await database.query(`INSERT INTO profiles (user_id, total_points) SELECT * FROM unnest($1::uuid[], $2::int[])`, [
      members.map(({ userId }) => userId),
      members.map(({ points }) => points),
    ]);
    const tokens = await Promise.all(members.map(({ userId }) => userToken(userId)));

    const answers = await Promise.all(members.map(({ userId }, index) => graphql(api.url, PROFILE, { u: userId }, tokens[index])));

    expect(answers.map(({ errors, data }) => errors ?? data?.profile)).toEqual(members.map(({ userId, points }) => ({ userId, totalPoints: points })));
  });

  it('should show members their own write at once while their reads share queries with others', async () => {
    const api = await nodes.start(database.url, {});
    const writers = Array.from({ length: 20 }, () => randomUUID());
    const readers = Array.from({ length: 20 }, () => randomUUID());
    const tokenOf = new Map(await Promise.all([...writers, ...readers].map(async (userId) => [userId, await userToken(userId)] as const)));
    const readerLoad = Promise.all(readers.flatMap((userId) => [0, 1, 2].map(() => graphql(api.url, PROFILE, { u: userId }, tokenOf.get(userId)))));

    const seen = await Promise.all(
      writers.map(async (userId) => {
        const recorded = await graphql(
          api.url,
          RECORD_EVENT,
          { event: { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined } },
          tokenOf.get(userId),
        );
        const read = await graphql(api.url, PROFILE, { u: userId }, tokenOf.get(userId));
        return { recorded: recorded.errors ?? recorded.data?.recordEvent.totalPoints, read: read.errors ?? read.data?.profile.totalPoints };
      }),
    );

    expect(seen.filter(({ recorded }) => typeof recorded !== 'number' || recorded <= 0)).toEqual([]);
    expect(seen.map(({ read }) => read)).toEqual(seen.map(({ recorded }) => recorded));
    // The readers never recorded anything: no profile, and nobody else's.
    expect(new Set((await readerLoad).map(({ errors, data }) => errors ?? data?.profile))).toEqual(new Set([null]));
  });
});
