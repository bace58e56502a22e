import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, userToken } from '../../support/tokens';

jest.setTimeout(120_000);

/** Five points a login; `regular` after three logins. */
const RULES_A = `levels: [0, 1000]
rules:
  - { id: login, event: DAILY_LOGIN, points: 5 }
achievements:
  - { key: regular, title: Regular, event: DAILY_LOGIN, count: 3 }
  - { key: a-badge, title: A badge, event: DAILY_LOGIN }
`;

/** Seven points a login; `regular` renamed (same key, same count), `a-badge` replaced by `b-badge`, levels changed. */
const RULES_B = `levels: [0, 500]
rules:
  - { id: login, event: DAILY_LOGIN, points: 7 }
achievements:
  - { key: regular, title: Regular visitor, event: DAILY_LOGIN, count: 3 }
  - { key: b-badge, title: B badge, event: DAILY_LOGIN }
`;

const PUBLISH_RULES = `mutation Publish($input: PublishRulesInput!) {
  publishRules(input: $input) {
    dryRun
    errors { path message line column }
    diff { sections { section added removed changed } settings }
    published { id hash source publishedBy note active }
  }
}`;

const RULE_VERSIONS = `{ ruleVersions { id hash source publishedBy note active } }`;
const GAME_RULES = `query Rules($version: Int) { gameRules(version: $version) { id yaml version { id active } } }`;

interface Publication {
  dryRun: boolean;
  errors: { path: string; message: string; line: number | null; column: number | null }[];
  diff: { sections: { section: string; added: string[]; removed: string[]; changed: string[] }[]; settings: string[] } | null;
  published: { id: number; hash: string; source: string; publishedBy: string; note: string | null; active: boolean } | null;
}

interface RecordedEvent {
  pointsAwarded: number;
  unlockedAchievements: { key: string }[];
}

function loginOf(userId: string) {
  return { ...createTestEvent(EventType.DAILY_LOGIN, { userId }), version: undefined, timestamp: undefined };
}

async function publish(url: string, input: Record<string, unknown>, token?: string): Promise<Publication> {
  const response = await graphql<{ publishRules: Publication }>(url, PUBLISH_RULES, { input }, token ?? (await adminToken()));
  expect(response.errors).toBeUndefined();
  return response.data!.publishRules;
}

async function login(url: string, userId: string): Promise<RecordedEvent> {
  const response = await graphql<{ recordEvent: RecordedEvent }>(url, RECORD_EVENT, { event: loginOf(userId) }, await userToken(userId));
  expect(response.errors).toBeUndefined();
  return response.data!.recordEvent;
}

async function versions(url: string) {
  const response = await graphql<{ ruleVersions: NonNullable<Publication['published']>[] }>(url, RULE_VERSIONS, {}, await adminToken());
  expect(response.errors).toBeUndefined();
  return response.data!.ruleVersions;
}

describe('rule versions: publishRules, ruleVersions, gameRules(version)', () => {
  let database: TestDatabase;
  let api: ApiNode | undefined;
  const rulesFileA = writeRulesFile(RULES_A);

  beforeAll(async () => {
    database = await createTestDatabase('rule_versions');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: rulesFileA } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should keep the rules file read at start as version 1, in force', async () => {
    expect(await versions(api!.url)).toEqual([{ id: 1, hash: expect.any(String), source: rulesFileA, publishedBy: 'RULES_FILE', note: null, active: true }]);
  });

  it('should answer an invalid document with its problems, each with its path and line, and change nothing', async () => {
    const invalid = RULES_B.replace('points: 7', 'points: -7').replace('event: DAILY_LOGIN, count: 3', 'event: DAILY_LOGN, count: 3');
    const publication = await publish(api!.url, { document: invalid, dryRun: false });
    expect(publication).toMatchObject({ dryRun: false, diff: null, published: null });
    expect(publication.errors).toEqual([
      { path: 'rules[0].points', message: expect.stringContaining('rules[0] (id "login"): points:'), line: 3, column: 46 },
      { path: 'achievements[0].event', message: expect.stringContaining('unknown event type "DAILY_LOGN"'), line: 5, column: 52 },
    ]);
    const unparseable = await publish(api!.url, { document: 'levels: [0\nrules: []', dryRun: false });
    expect(unparseable.errors[0]).toMatchObject({ path: '', message: expect.stringMatching(/^not valid YAML or JSON/), line: expect.any(Number) });
    expect(await versions(api!.url)).toHaveLength(1);
  });

  it('should refuse members and services', async () => {
    const member = randomUUID();
    const asMember = await graphql(api!.url, PUBLISH_RULES, { input: { document: RULES_B } }, await userToken(member));
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api!.url, RULE_VERSIONS, {}, await userToken(member))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('should compare a dry run (the default) with the version in force, by key, and keep evaluating under the version in force', async () => {
    const member = randomUUID();
    const dryRun = await publish(api!.url, { document: RULES_B });
    expect(dryRun).toEqual({
      dryRun: true,
      errors: [],
      diff: {
        sections: [
          { section: 'rules', added: [], removed: [], changed: ['login'] },
          { section: 'achievements', added: ['b-badge'], removed: ['a-badge'], changed: ['regular'] },
        ],
        settings: ['levels'],
      },
      published: null,
    });
    expect(await versions(api!.url)).toHaveLength(1);
    expect((await login(api!.url, member)).pointsAwarded).toBe(5);
  });

  it("should put a published version in force for the next event, keeping members' progress by key", async () => {
    const member = randomUUID();
    expect(await login(api!.url, member)).toMatchObject({ pointsAwarded: 5, unlockedAchievements: [{ key: 'a-badge' }] });
    await login(api!.url, member);

    const publication = await publish(api!.url, { document: RULES_B, dryRun: false, note: 'spring season' });
    expect(publication).toMatchObject({
      dryRun: false,
      errors: [],
      published: { id: 2, source: 'publishRules', publishedBy: 'test-admin', note: 'spring season', active: true },
    });
    expect(publication.diff?.sections.map((section) => section.section)).toEqual(['rules', 'achievements']);

    // The publishing process reads under the new version at once, before any event.
    const newcomer = randomUUID();
    const listed = await graphql<{ achievements: { achievement: { key: string; title: string } }[] }>(
      api!.url,
      'query Q($userId: ID!) { achievements(userId: $userId) { achievement { key title } } }',
      { userId: newcomer },
      await userToken(newcomer),
    );
    expect(listed.data?.achievements.map(({ achievement }) => achievement)).toEqual([
      { key: 'regular', title: 'Regular visitor' },
      { key: 'b-badge', title: 'B badge' },
    ]);
    // The third login counts toward `regular` with the two made under version 1.
    expect(await login(api!.url, member)).toMatchObject({ pointsAwarded: 7, unlockedAchievements: [{ key: 'regular' }, { key: 'b-badge' }] });
    expect((await versions(api!.url)).map(({ id, active }) => ({ id, active }))).toEqual([
      { id: 2, active: true },
      { id: 1, active: false },
    ]);
  });

  it('should read the version in force, or any version by number', async () => {
    const admin = await adminToken();
    const inForce = await graphql<{ gameRules: { yaml: string; version: { id: number; active: boolean } } }>(api!.url, GAME_RULES, {}, admin);
    expect(inForce.data?.gameRules.version).toEqual({ id: 2, active: true });
    expect(inForce.data?.gameRules.yaml).toContain('b-badge');
    const first = await graphql<{ gameRules: { yaml: string; version: { id: number; active: boolean } } }>(api!.url, GAME_RULES, { version: 1 }, admin);
    expect(first.data?.gameRules.version).toEqual({ id: 1, active: false });
    expect(first.data?.gameRules.yaml).toContain('a-badge');
    expect((await graphql(api!.url, GAME_RULES, { version: 99 }, admin)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const stats = await graphql<{ stats: { rulesVersion: { id: string } } }>(api!.url, '{ stats(windowMinutes: 5) { rulesVersion { id } } }', {}, admin);
    expect(stats.data?.stats.rulesVersion.id).toBe((await versions(api!.url))[0].hash);
  });

  it('should publish nothing for a document identical to the version in force', async () => {
    const publication = await publish(api!.url, { document: RULES_B, dryRun: false });
    expect(publication).toMatchObject({ errors: [], diff: { sections: [], settings: [] }, published: null });
    expect(await versions(api!.url)).toHaveLength(2);
  });

  it('should keep a version published since when restarted with the same rules file, and publish a changed file', async () => {
    await api!.stop();
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: rulesFileA } });
    expect((await versions(api.url)).map(({ id, active }) => ({ id, active }))).toEqual([
      { id: 2, active: true },
      { id: 1, active: false },
    ]);
    expect((await login(api.url, randomUUID())).pointsAwarded).toBe(7);

    await api.stop();
    const rulesFileC = writeRulesFile(RULES_A.replace('points: 5', 'points: 9'));
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: rulesFileC } });
    expect((await versions(api.url))[0]).toMatchObject({ id: 3, source: rulesFileC, publishedBy: 'RULES_FILE', active: true });
    expect((await login(api.url, randomUUID())).pointsAwarded).toBe(9);
  });
});

describe('rule versions across two API processes', () => {
  let database: TestDatabase;
  let nodes: (SpawnedProcess & { url: string })[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('rule_versions_two');
    const env = { DATABASE_URL: database.url, RULES_FILE: writeRulesFile(RULES_A), RULES_REFRESH_INTERVAL_MS: '200' };
    nodes = await Promise.all([spawnApi(env), spawnApi(env)]);
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
  });

  it('should switch both at one boundary: every event entirely under one version, every event sent after the publish answered under the new one', async () => {
    const outcomes: { node: number; sentAfterPublish: boolean; answeredBeforePublish: boolean; result: RecordedEvent }[] = [];
    let published = false;
    let publishing = false;
    let stop = false;
    // Four callers per node, each logging in fresh members one after the other until told to stop.
    const callers = nodes.flatMap((node, index) =>
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const sentAfterPublish = published;
          const result = await login(node.url, randomUUID());
          outcomes.push({ node: index, sentAfterPublish, answeredBeforePublish: !publishing && !published, result });
        }
      }),
    );
    const counted = (predicate: (outcome: (typeof outcomes)[number]) => boolean) => outcomes.filter(predicate).length;
    const waitForMore = async (atLeast: number) => {
      const target = outcomes.length + atLeast;
      while (outcomes.length < target) await new Promise((resolve) => setImmediate(resolve));
    };

    await waitForMore(40);
    publishing = true;
    const publication = await publish(nodes[0].url, { document: RULES_B, dryRun: false });
    published = true;
    expect(publication.published).toMatchObject({ id: 2, active: true });
    await waitForMore(40);
    stop = true;
    await Promise.all(callers);

    const underA = (result: RecordedEvent) => result.pointsAwarded === 5 && result.unlockedAchievements.map((a) => a.key).join() === 'a-badge';
    const underB = (result: RecordedEvent) => result.pointsAwarded === 7 && result.unlockedAchievements.map((a) => a.key).join() === 'b-badge';
    expect(outcomes.filter(({ result }) => !underA(result) && !underB(result))).toEqual([]);
    expect(outcomes.filter(({ sentAfterPublish, result }) => sentAfterPublish && !underB(result))).toEqual([]);
    expect(outcomes.filter(({ answeredBeforePublish, result }) => answeredBeforePublish && !underA(result))).toEqual([]);
    for (const node of [0, 1]) {
      expect(counted((outcome) => outcome.node === node && underA(outcome.result))).toBeGreaterThan(0);
      expect(counted((outcome) => outcome.node === node && outcome.sentAfterPublish)).toBeGreaterThan(0);
    }
    expect(nodes[1].output()).toContain('rule version switched');
  });

  it('should let a process that evaluates no event pick up a newer version for its reads (RULES_REFRESH_INTERVAL_MS)', async () => {
    const member = randomUUID();
    const achievementKeys = async () => {
      const response = await graphql<{ achievements: { achievement: { key: string } }[] }>(
        nodes[1].url,
        'query Q($userId: ID!) { achievements(userId: $userId) { achievement { key } } }',
        { userId: member },
        await userToken(member),
      );
      return response.data?.achievements.map(({ achievement }) => achievement.key);
    };
    expect(await achievementKeys()).toEqual(['regular', 'b-badge']);
    await publish(nodes[0].url, { document: RULES_B.replace('key: b-badge, title: B badge', 'key: c-badge, title: C badge'), dryRun: false });
    await eventually(async () => (await achievementKeys())?.includes('c-badge'));
  });
});

describe('rule versions on the embedded default (PGlite)', () => {
  let dataDir: string | undefined;
  let api: (SpawnedProcess & { url: string }) | undefined;

  afterAll(async () => {
    await api?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should publish a version and evaluate the next event under it', async () => {
    dataDir = await embeddedDataDir('gamification-rule-versions-');
    api = await spawnApi({ DATA_DIR: dataDir, RULES_FILE: writeRulesFile(RULES_A) });
    expect((await login(api.url, randomUUID())).pointsAwarded).toBe(5);
    expect((await publish(api.url, { document: RULES_B, dryRun: false })).published).toMatchObject({ id: 2, active: true });
    expect(await login(api.url, randomUUID())).toMatchObject({ pointsAwarded: 7, unlockedAchievements: [{ key: 'b-badge' }] });
  });
});
