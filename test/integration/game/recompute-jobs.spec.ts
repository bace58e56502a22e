import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { POINTS_DELTA_BUCKETS } from '../../../src/rule-versions/recompute-impact';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, userToken } from '../../support/tokens';

jest.setTimeout(120_000);

/** Five points a login; `regular` after three logins; `a-badge` at the first. */
const RULES_A = `levels: [0, 1000]
rules:
  - { id: login, event: DAILY_LOGIN, points: 5 }
achievements:
  - { key: regular, title: Regular, event: DAILY_LOGIN, count: 3 }
  - { key: a-badge, title: A badge, event: DAILY_LOGIN }
`;

/** Seven points a login; `regular` after two; `a-badge` gone, `b-badge` at the first. */
const RULES_B = `levels: [0, 1000]
rules:
  - { id: login, event: DAILY_LOGIN, points: 7 }
achievements:
  - { key: regular, title: Regular, event: DAILY_LOGIN, count: 2 }
  - { key: b-badge, title: B badge, event: DAILY_LOGIN }
`;

const PUBLISH_RULES = `mutation Publish($input: PublishRulesInput!) {
  publishRules(input: $input) { errors { message } published { id } job { id dryRun ruleVersion status } }
}`;

const RECOMPUTE_JOB = `query Job($id: Int!) {
  recomputeJob(id: $id) {
    id dryRun ruleVersion notify status total processed skipped errorCount errors { userId message } startedAt finishedAt
    impact {
      membersAffected pointsDeltaSum pointsDeltaMin pointsDeltaMax pointsDeltaHistogram { from to members }
      achievementsGained { key members } achievementsLost { key members }
    }
  }
}`;

const PROFILE = `query Q($userId: ID!) { profile(userId: $userId) { totalPoints } achievements(userId: $userId) { achievement { key } unlocked } }`;
const NOTIFICATIONS = `query Q($userId: ID!) { notifications(userId: $userId) { kind } }`;

interface Bucket {
  from: number | null;
  to: number | null;
  members: number;
}

interface Job {
  id: number;
  dryRun: boolean;
  ruleVersion: number | null;
  notify: boolean;
  status: string;
  total: number | null;
  processed: number;
  skipped: number;
  errorCount: number;
  errors: { userId: string; message: string }[];
  startedAt: string | null;
  finishedAt: string | null;
  impact: {
    membersAffected: number;
    pointsDeltaSum: number;
    pointsDeltaMin: number | null;
    pointsDeltaMax: number | null;
    pointsDeltaHistogram: Bucket[] | null;
    achievementsGained: { key: string; members: number }[];
    achievementsLost: { key: string; members: number }[];
  };
}

function loginOf(userId: string) {
  return { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined };
}

async function publish(url: string, input: Record<string, unknown>): Promise<{ published: { id: number } | null; job: Job }> {
  const response = await graphql<{ publishRules: { errors: unknown[]; published: { id: number } | null; job: Job } }>(url, PUBLISH_RULES, { input }, await adminToken());
  expect(response.errors).toBeUndefined();
  expect(response.data!.publishRules.errors).toEqual([]);
  return response.data!.publishRules;
}

async function jobOf(url: string, id: number): Promise<Job> {
  const response = await graphql<{ recomputeJob: Job }>(url, RECOMPUTE_JOB, { id }, await adminToken());
  expect(response.errors).toBeUndefined();
  return response.data!.recomputeJob;
}

const finished = (url: string, id: number) =>
  eventually(async () => {
    const job = await jobOf(url, id);
    return job.status === 'SUCCEEDED' && job;
  }, 60_000);

/** Members with 1, 2, 3 and 4 logins under RULES_A, `perCount` of each. */
async function seedMembers(url: string, perCount: number): Promise<{ userId: string; logins: number }[]> {
  const members = [1, 2, 3, 4].flatMap((logins) => Array.from({ length: perCount }, () => ({ userId: randomUUID(), logins })));
  await Promise.all(
    members.map(async ({ userId, logins }) => {
      for (let login = 0; login < logins; login++) {
        const recorded = await graphql(url, RECORD_EVENT, { event: loginOf(userId) }, await userToken(userId));
        expect(recorded.errors).toBeUndefined();
      }
    }),
  );
  return members;
}

/** What recomputing the seeded members under RULES_B changes: 2 points more a login, `regular` from 2 logins, `a-badge` for `b-badge`. */
function expectedImpact(perCount: number) {
  // Changes of 2 and 4 points fall in the bucket 2 to 4, of 6 and 8 in 5 to 9.
  const changes = [2, 4, 6, 8];
  return {
    membersAffected: 4 * perCount,
    pointsDeltaSum: 2 * (1 + 2 + 3 + 4) * perCount,
    pointsDeltaMin: 2,
    pointsDeltaMax: 8,
    pointsDeltaHistogram: POINTS_DELTA_BUCKETS.map(({ from, to }) => ({ from, to, members: perCount * changes.filter((change) => change >= from! && change <= to!).length })),
    achievementsGained: [
      { key: 'b-badge', members: 4 * perCount },
      { key: 'regular', members: perCount },
    ],
    achievementsLost: [{ key: 'a-badge', members: 4 * perCount }],
  };
}

/** The histogram counts every member affected once, its outer non-empty buckets hold the smallest and largest change, and the sum lies within its buckets' bounds. */
function expectHistogramToAgree(impact: Job['impact']) {
  const filled = impact.pointsDeltaHistogram!.filter((bucket) => bucket.members > 0);
  expect(filled.reduce((members, bucket) => members + bucket.members, 0)).toBe(impact.membersAffected);
  const within = (value: number, bucket: Bucket) => (bucket.from === null || value >= bucket.from) && (bucket.to === null || value <= bucket.to);
  expect(within(impact.pointsDeltaMin!, filled[0])).toBe(true);
  expect(within(impact.pointsDeltaMax!, filled[filled.length - 1])).toBe(true);
  const lowest = filled.reduce((sum, bucket) => sum + bucket.members * Math.max(bucket.from ?? -Infinity, impact.pointsDeltaMin!), 0);
  const highest = filled.reduce((sum, bucket) => sum + bucket.members * Math.min(bucket.to ?? Infinity, impact.pointsDeltaMax!), 0);
  expect(impact.pointsDeltaSum).toBeGreaterThanOrEqual(lowest);
  expect(impact.pointsDeltaSum).toBeLessThanOrEqual(highest);
}

async function memberState(url: string, userId: string) {
  const response = await graphql<{ profile: { totalPoints: number }; achievements: { achievement: { key: string }; unlocked: boolean }[] }>(
    url,
    PROFILE,
    { userId },
    await userToken(userId),
  );
  expect(response.errors).toBeUndefined();
  return {
    totalPoints: response.data!.profile.totalPoints,
    unlocked: response
      .data!.achievements.filter((entry) => entry.unlocked)
      .map((entry) => entry.achievement.key)
      .sort(),
  };
}

describe("recompute jobs: a dry run's impact, then the backfill", () => {
  let database: TestDatabase;
  let api: ApiNode;
  let members: { userId: string; logins: number }[];

  beforeAll(async () => {
    database = await createTestDatabase('recompute_jobs');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES_A), RECOMPUTE_JOB_POLL_MS: '50' } });
    members = await seedMembers(api.url, 3);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should compute the impact of a dry run as a job with progress, writing nothing', async () => {
    const { published, job } = await publish(api.url, { document: RULES_B, recompute: 'ALL_MEMBERS' });
    expect(published).toBeNull();
    expect(job).toMatchObject({ dryRun: true, ruleVersion: null });
    const done = await finished(api.url, job.id);
    expect(done).toMatchObject({ total: 12, processed: 12, skipped: 0, errorCount: 0, errors: [], notify: false, startedAt: expect.any(String), finishedAt: expect.any(String) });
    expect(done.impact).toEqual(expectedImpact(3));
    expectHistogramToAgree(done.impact);
    const [one] = members;
    expect(await memberState(api.url, one.userId)).toEqual({ totalPoints: 5 * one.logins, unlocked: ['a-badge', ...(one.logins >= 3 ? ['regular'] : [])].sort() });
    const asMember = await graphql(api.url, RECOMPUTE_JOB, { id: job.id }, await userToken(one.userId));
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('should backfill every member under the published version, exactly as the dry run said, without notifying them', async () => {
    const { published, job } = await publish(api.url, { document: RULES_B, dryRun: false, recompute: 'ALL_MEMBERS' });
    expect(job).toMatchObject({ dryRun: false, ruleVersion: published!.id });
    const done = await finished(api.url, job.id);
    expect(done.impact).toEqual(expectedImpact(3));
    for (const { userId, logins } of members) {
      expect(await memberState(api.url, userId)).toEqual({ totalPoints: 7 * logins, unlocked: ['b-badge', ...(logins >= 2 ? ['regular'] : [])].sort() });
    }
    const kinds = await graphql<{ notifications: { kind: string }[] }>(api.url, NOTIFICATIONS, { userId: members[0].userId }, await userToken(members[0].userId));
    expect(kinds.data?.notifications.map((n) => n.kind)).not.toContain('CORRECTION_APPLIED');
    // A second backfill under the same version finds nothing left to change.
    const again = await finished(api.url, (await publish(api.url, { document: RULES_B, dryRun: false, recompute: 'ALL_MEMBERS' })).job.id);
    expect(again.impact).toMatchObject({ membersAffected: 0, pointsDeltaSum: 0 });
  });

  it('should notify members of what the backfill changed when asked (notify: true)', async () => {
    const { job } = await publish(api.url, { document: RULES_B.replace('points: 7', 'points: 8'), dryRun: false, recompute: 'ALL_MEMBERS', notify: true });
    await finished(api.url, job.id);
    const [one] = members;
    const kinds = await graphql<{ notifications: { kind: string }[] }>(api.url, NOTIFICATIONS, { userId: one.userId }, await userToken(one.userId));
    expect(kinds.data?.notifications.map((n) => n.kind)).toContain('CORRECTION_APPLIED');
  });
});

describe('a recompute job killed midway', () => {
  let database: TestDatabase;
  let nodes: (SpawnedProcess & { url: string })[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('recompute_crash');
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
  });

  it("should be taken over by another process once its lease lapses, and finish with the dry run's numbers", async () => {
    const env = {
      DATABASE_URL: database.url,
      RULES_FILE: writeRulesFile(RULES_A),
      RECOMPUTE_JOB_POLL_MS: '50',
      RECOMPUTE_MEMBERS_PER_SECOND: '8',
      RECOMPUTE_JOB_LEASE_MS: '1000',
    };
    const first = await spawnApi(env);
    nodes.push(first);
    const members = await seedMembers(first.url, 10);
    const dryRun = await finished(first.url, (await publish(first.url, { document: RULES_B, recompute: 'ALL_MEMBERS' })).job.id);
    expect(dryRun.impact).toEqual(expectedImpact(10));
    expectHistogramToAgree(dryRun.impact);

    const { job } = await publish(first.url, { document: RULES_B, dryRun: false, recompute: 'ALL_MEMBERS' });
    await eventually(async () => (await jobOf(first.url, job.id)).processed >= 8);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const interrupted = await database.query<{ processed: number }>('SELECT processed FROM recompute_jobs WHERE id = $1', [job.id]);
    expect(interrupted[0].processed).toBeLessThan(40);

    const second = await spawnApi(env);
    nodes.push(second);
    const done = await finished(second.url, job.id);
    expect(done).toMatchObject({ total: 40, processed: 40, skipped: 0, errorCount: 0 });
    expect(done.impact).toEqual(dryRun.impact);
    for (const { userId, logins } of members) {
      expect((await memberState(second.url, userId)).totalPoints).toBe(7 * logins);
    }
  });
});
