import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { MemberKeyring } from '../../../src/members/member-keyring';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const REDIS_URL = 'redis://127.0.0.1:6379';
const MEMBER_DATA_KEY = 'public-boards-test-key-0123456789abcdef';
const RULES = `levels: [0, 30, 60]\nrules:\n  - { id: metric, event: HEALTH_METRIC_RECORDED, points: 10 }\n`;

const PUBLIC_BOARD = `
  query Public($journey: String, $period: LeaderboardPeriod, $limit: Int) {
    publicLeaderboard(journey: $journey, period: $period, limit: $limit) {
      periodKey entries { rank displayName points level isMe } me { rank displayName points level isMe }
    }
  }`;
const SET_NAME = `mutation($userId: ID!, $name: String) { setDisplayName(userId: $userId, displayName: $name) { displayName chosenDisplayName leaderboardVisibility } }`;
const SET_VISIBILITY = `mutation($userId: ID!, $visibility: LeaderboardVisibility!) { setLeaderboardVisibility(userId: $userId, visibility: $visibility) { leaderboardVisibility } }`;
const ADMIN_BOARD = `query { leaderboard(limit: 10) { entries { rank userId points } } }`;

describe.each([
  ['Redis sorted sets', true],
  ['PostgreSQL (the embedded default reader)', false],
])('public leaderboards served from %s', (_label, withRedis) => {
  const prefix = `test-public-${randomUUID().slice(0, 8)}`;
  const keyring = new MemberKeyring(MEMBER_DATA_KEY);
  // members[0] has the most points (50), members[4] the fewest (10).
  const members = Array.from({ length: 5 }, () => randomUUID());
  let database: TestDatabase;
  let api: ApiNode;
  let tokens: string[];
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase('public_boards');
    api = await startTestApi({
      databaseUrl: database.url,
      env: { MEMBER_DATA_KEY, RULES_FILE: writeRulesFile(RULES), CHANNEL_PREFIX: prefix, OUTBOX_POLL_INTERVAL_MS: '50', ...(withRedis ? { REDIS_URL } : {}) },
    });
    tokens = await Promise.all(members.map(userToken));
    admin = await adminToken();
    const service = await serviceToken();
    for (const [index, userId] of members.entries()) {
      for (let n = 0; n < 5 - index; n++) {
        const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId });
        const response = await graphql(api.url, RECORD_EVENT, { event: { id: event.id, type: event.type, userId, data: event.data } }, service);
        expect(response.errors).toBeUndefined();
      }
    }
    await eventually(async () => (await board(tokens[4], 10)).entries.length === 5);
  });

  afterAll(async () => {
    await api?.stop();
    if (withRedis) {
      const redis = new Redis(REDIS_URL);
      const leftovers = await redis.keys(`${prefix}:*`);
      if (leftovers.length > 0) await redis.del(...leftovers);
      redis.disconnect();
    }
    await database?.drop();
  });

  async function board(token: string, limit: number) {
    const response = await graphql(api.url, PUBLIC_BOARD, { limit }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.publicLeaderboard;
  }

  const line = (index: number, rank: number, isMe = false, displayName = keyring.pseudonym(members[index])) => ({
    rank,
    displayName,
    points: (5 - index) * 10,
    level: 5 - index >= 6 ? 3 : 5 - index >= 3 ? 2 : 1,
    isMe,
  });

  it('should list display names, points and levels, never a member id, and the asking member’s own line beyond the page', async () => {
    const named = await graphql(api.url, SET_NAME, { userId: members[1], name: '  Marathon   Mia ' }, tokens[1]);
    expect(named.data?.setDisplayName).toEqual({ displayName: 'Marathon Mia', chosenDisplayName: 'Marathon Mia', leaderboardVisibility: 'PUBLIC' });

    const response = await graphql(api.url, PUBLIC_BOARD, { limit: 2 }, tokens[4]);
    expect(response.data?.publicLeaderboard).toEqual({
      periodKey: 'all',
      entries: [line(0, 1), line(1, 2, false, 'Marathon Mia')],
      me: line(4, 5, true),
    });
    for (const userId of members) expect(JSON.stringify(response)).not.toContain(userId);

    expect((await board(tokens[0], 2)).entries[0]).toEqual(line(0, 1, true));
    const withId = await graphql(api.url, `query { publicLeaderboard { entries { userId } } }`, {}, tokens[4]);
    expect(withId.errors?.[0].message).toContain('Cannot query field "userId"');
  });

  it('should leave hidden members out with ranks closed up, still show them their own standing, and keep them on the admin board', async () => {
    const hidden = await graphql(api.url, SET_VISIBILITY, { userId: members[1], visibility: 'HIDDEN' }, tokens[1]);
    expect(hidden.data?.setLeaderboardVisibility).toEqual({ leaderboardVisibility: 'HIDDEN' });

    expect(await board(tokens[4], 10)).toEqual({ periodKey: 'all', entries: [line(0, 1), line(2, 2), line(3, 3), line(4, 4, true)], me: line(4, 4, true) });
    const own = await board(tokens[1], 10);
    expect(own.entries.map((entry: { displayName: string }) => entry.displayName)).not.toContain('Marathon Mia');
    expect(own.me).toEqual(line(1, 2, true, 'Marathon Mia'));

    const adminBoard = await graphql(api.url, ADMIN_BOARD, {}, admin);
    expect(adminBoard.data?.leaderboard.entries[1]).toEqual({ rank: 2, userId: members[1], points: 40 });

    await graphql(api.url, SET_VISIBILITY, { userId: members[1], visibility: 'PUBLIC' }, admin);
    expect((await board(tokens[4], 10)).entries[1]).toEqual(line(1, 2, false, 'Marathon Mia'));
  });

  it('should refuse a bad name or another member’s settings, and go back to the pseudonym on null', async () => {
    const short = await graphql(api.url, SET_NAME, { userId: members[2], name: 'ab' }, tokens[2]);
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'displayName' });
    const blocked = await graphql(api.url, SET_NAME, { userId: members[2], name: 'Official Coach' }, tokens[2]);
    expect(blocked.errors?.[0].message).toBe('displayName: is not allowed');
    const someoneElse = await graphql(api.url, SET_NAME, { userId: members[3], name: 'Not Me' }, tokens[2]);
    expect(someoneElse.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hideOther = await graphql(api.url, SET_VISIBILITY, { userId: members[3], visibility: 'HIDDEN' }, tokens[2]);
    expect(hideOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const reset = await graphql(api.url, SET_NAME, { userId: members[1], name: null }, tokens[1]);
    expect(reset.data?.setDisplayName).toEqual({ displayName: keyring.pseudonym(members[1]), chosenDisplayName: null, leaderboardVisibility: 'PUBLIC' });
    expect((await board(tokens[4], 10)).entries[1]).toEqual(line(1, 2));
    const settings = await graphql(api.url, `query($u: ID!) { memberSettings(userId: $u) { displayName leaderboardVisibility } }`, { u: members[3] }, tokens[3]);
    expect(settings.data?.memberSettings).toEqual({ displayName: keyring.pseudonym(members[3]), leaderboardVisibility: 'PUBLIC' });
  });
});
