import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { TestApiNodes } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { startPostgresPair, type PostgresPair } from '../../support/postgres-replica';
import { writeRulesFile } from '../../support/rules-files';
import { eventually } from '../../support/spawn-process';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

const RULES = `
levels: [0, 100]
rules:
  - { id: walk, event: HEALTH_METRIC_RECORDED, points: 20 }
`;

const PROFILE = 'query Profile($userId: ID!) { profile(userId: $userId) { totalPoints } }';

describe('reads served by a streaming replica (DATABASE_READ_URL)', () => {
  let pair: PostgresPair;
  const nodes = new TestApiNodes();
  let api: ApiNode;
  let admin: string;
  let backEnd: string;

  const pointsOf = async (node: ApiNode, userId: string, token: string): Promise<number | null> => {
    const response = await graphql(node.url, PROFILE, { userId }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.profile?.totalPoints ?? null;
  };
  const walk = async (node: ApiNode, userId: string, token: string) => {
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId });
    const response = await graphql(node.url, RECORD_EVENT, { event: { id: event.id, type: event.type, userId, timestamp: event.timestamp, data: event.data } }, token);
    expect(response.errors).toBeUndefined();
  };
  const replay = (action: 'pause' | 'resume') => pair.onReplica(`SELECT pg_wal_replay_${action}()`);

  beforeAll(async () => {
    pair = await startPostgresPair();
    const rules = writeRulesFile(RULES);
    api = await nodes.start(pair.primaryUrl, { RULES_FILE: rules, DATABASE_READ_URL: pair.replicaUrl, DATABASE_READ_POLL_MS: '20', DATABASE_READ_MAX_LAG_MS: '60000' });
    admin = await adminToken();
    backEnd = await serviceToken();
  }, 60_000);

  afterAll(async () => {
    await replay('resume').catch(() => undefined);
    await nodes.stopAll();
    await pair?.stop();
  });

  it("should answer lag-tolerant reads from the replica, and a member's own reads from the primary right after their write", async () => {
    const member = randomUUID();
    const memberToken = await userToken(member);
    await walk(api, member, backEnd);
    await eventually(async () => (await pointsOf(api, member, admin)) === 20);

    await replay('pause');
    try {
      await walk(api, member, memberToken);
      // The replica stopped replaying: an admin's read shows the state it has, older than the primary's.
      expect(await pointsOf(api, member, admin)).toBe(20);
      // The member who just wrote reads their own write, from the primary.
      expect(await pointsOf(api, member, memberToken)).toBe(40);
    } finally {
      await replay('resume');
    }
    await eventually(async () => (await pointsOf(api, member, admin)) === 40);
    expect(await pointsOf(api, member, memberToken)).toBe(40);
  });

  it("should know only the writes this process took: a member's write through another API node shows there at once, here once replayed", async () => {
    const other = await nodes.start(pair.primaryUrl, { RULES_FILE: writeRulesFile(RULES), DATABASE_READ_URL: pair.replicaUrl, DATABASE_READ_POLL_MS: '20', DATABASE_READ_MAX_LAG_MS: '60000' });
    const member = randomUUID();
    const memberToken = await userToken(member);
    await walk(api, member, backEnd);
    await eventually(async () => (await pointsOf(api, member, admin)) === 20);
    await replay('pause');
    try {
      await walk(other, member, memberToken);
      expect(await pointsOf(other, member, memberToken)).toBe(40);
      expect(await pointsOf(api, member, memberToken)).toBe(20);
    } finally {
      await replay('resume');
    }
    await eventually(async () => (await pointsOf(api, member, memberToken)) === 40);
  });

  it('should send every read to the primary when the replica is further behind than DATABASE_READ_MAX_LAG_MS', async () => {
    const strict = await nodes.start(pair.primaryUrl, { RULES_FILE: writeRulesFile(RULES), DATABASE_READ_URL: pair.replicaUrl, DATABASE_READ_POLL_MS: '20', DATABASE_READ_MAX_LAG_MS: '300' });
    const member = randomUUID();
    await walk(strict, member, backEnd);
    await eventually(async () => (await pointsOf(strict, member, admin)) === 20);
    await replay('pause');
    try {
      await walk(strict, member, backEnd);
      // At first the replica (20) may still answer; once it is 300 ms behind, the primary does (40).
      await eventually(async () => (await pointsOf(strict, member, admin)) === 40);
    } finally {
      await replay('resume');
    }
  });
});
