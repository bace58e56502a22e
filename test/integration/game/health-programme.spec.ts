import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { StreakSweep } from '../../../src/engine/adjustments/streak-sweep';
import { periodKeyOf, periodOrdinal } from '../../../src/engine/calendar/member-calendar';
import { PostgresEngineStore } from '../../../src/engine/store/postgres-engine-store';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { collect, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A programme whose boost window holds the test's own time. */
function rules(now: number): string {
  return `
levels: [0, 100, 1000]
rules:
  - id: steps-points
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    points: { field: data.value, per: 1000, max: 50 }
    limit: { points: 60, per: day }
boosts:
  - { key: heart-month, title: Heart Month, multiplier: 2, from: ${iso(now - DAY * 30)}, until: ${iso(now + DAY * 30)}, rules: [steps-points] }
achievements:
  - key: weekly-10k
    title: 10k Week
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    goal: { sum: data.value, atLeast: 10000, per: week }
    repeat: true
    points: 5
  - key: ladder
    title: Ladder
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    tiers: [{ name: Bronze, count: 1, points: 1 }, { name: Silver, count: 2, points: 2 }, { name: Gold, count: 4, points: 3 }]
  - { key: secret-sleeper, title: Secret Sleeper, hidden: true, event: HEALTH_METRIC_RECORDED, when: { data.metricType: SLEEP } }
  - { key: champion, title: Champion, event: APPOINTMENT_ATTENDED, count: 10, points: 50 }
streaks:
  - { key: daily-move, title: Daily Move, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, per: day, freezes: { initial: 1, max: 2 } }
  - { key: daily-sleep, title: Daily Sleep, event: HEALTH_METRIC_RECORDED, when: { data.metricType: SLEEP }, per: day }
`;
}

const MEMBER = `
  query Member($userId: ID!) {
    profile(userId: $userId) { totalPoints level timeZone }
    achievements(userId: $userId) { achievement { key } progress target unlocked timesEarned tier nextTier periodKey }
    streaks(userId: $userId) { streak { key per } current longest freezesHeld frozenPeriods excusedPeriods lastActivePeriod atRisk }
    pointsHistory(userId: $userId, limit: 50) { sourceType sourceKey points basePoints boosts eventType }
  }`;

describe('health programmes through GraphQL on PostgreSQL', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let admin: string;
  let service: string;
  const now = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase('health_programme');
    // Members here log days back (a wearable syncing late); the trust window for members is widened to fit them.
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(rules(now)), MEMBER_EVENT_MAX_AGE: '7d' } });
    [admin, service] = await Promise.all([adminToken(), serviceToken()]);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const newMember = async () => {
    const userId = randomUUID();
    return { userId, token: await userToken(userId) };
  };
  const record = async (userId: string, token: string, at: number, data: Record<string, unknown>) => {
    const response = await graphql(api.url, RECORD_EVENT, { event: { type: 'HEALTH_METRIC_RECORDED', userId, timestamp: iso(at), data } }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.recordEvent;
  };
  const walk = (userId: string, token: string, at: number, value: number) => record(userId, token, at, { metricType: 'STEPS', value, unit: 'steps' });
  const sleep = (userId: string, token: string, at: number) => record(userId, token, at, { metricType: 'SLEEP', value: 8, unit: 'hours' });
  const member = async (userId: string, token: string) => (await graphql(api.url, MEMBER, { userId }, token)).data!;
  const achievement = async (userId: string, token: string, key: string) =>
    (await member(userId, token)).achievements.find((a: { achievement: { key: string } }) => a.achievement.key === key);
  const streak = async (userId: string, token: string, key: string) =>
    (await member(userId, token)).streaks.find((s: { streak: { key: string } }) => s.streak.key === key);
  const day = (at: number) => periodKeyOf(periodOrdinal(new Date(at), 'day', 'UTC'), 'day');

  it('should pay by formula, double inside the boost window, clip to the points cap and explain it in the ledger', async () => {
    const { userId, token } = await newMember();
    expect(await walk(userId, token, now, 20_000)).toMatchObject({ pointsAwarded: 40 + 5 + 1 });
    // 60 a day: 20 left of the cap, 40 earned after the boost → 20.
    expect((await walk(userId, token, now, 20_000)).pointsAwarded).toBe(20 + 2);
    const ledger = (await member(userId, token)).pointsHistory.filter((line: { sourceType: string }) => line.sourceType === 'rule');
    expect(ledger).toEqual([
      { sourceType: 'rule', sourceKey: 'steps-points', points: 20, basePoints: 20, boosts: ['heart-month'], eventType: 'HEALTH_METRIC_RECORDED' },
      { sourceType: 'rule', sourceKey: 'steps-points', points: 40, basePoints: 20, boosts: ['heart-month'], eventType: 'HEALTH_METRIC_RECORDED' },
    ]);
  });

  it('should reach a weekly goal exactly at its threshold, once per week, and unlock tiers one by one', async () => {
    const { userId, token } = await newMember();
    await walk(userId, token, now, 6000);
    const reached = await walk(userId, token, now, 4000);
    expect(reached.unlockedAchievements.map((a: { key: string }) => a.key)).toEqual(['weekly-10k', 'ladder']);
    await walk(userId, token, now, 10_000);
    expect(await achievement(userId, token, 'weekly-10k')).toMatchObject({
      unlocked: true, timesEarned: 1, progress: 20_000, target: 10_000, periodKey: periodKeyOf(periodOrdinal(new Date(), 'week', 'UTC'), 'week'),
    });
    expect(await achievement(userId, token, 'ladder')).toMatchObject({ progress: 3, tier: 'Silver', nextTier: 'Gold', target: 4, timesEarned: 2 });
  });

  it('should list a hidden achievement to the member only once unlocked, and always to admins', async () => {
    const { userId, token } = await newMember();
    const keys = async (viewer: string) => (await graphql(api.url, MEMBER, { userId }, viewer)).data!.achievements.map((a: { achievement: { key: string } }) => a.achievement.key);
    await walk(userId, token, now, 1000);
    expect(await keys(token)).not.toContain('secret-sleeper');
    expect(await keys(admin)).toContain('secret-sleeper');
    await sleep(userId, token, now);
    expect(await keys(token)).toContain('secret-sleeper');
  });

  it("should cover a missed day with a freeze, then give it back when a late event mends the gap", async () => {
    const { userId, token } = await newMember();
    await walk(userId, token, now - 3 * DAY, 1000);
    await walk(userId, token, now - DAY, 1000);
    expect(await streak(userId, token, 'daily-move')).toMatchObject({ current: 2, freezesHeld: 0, frozenPeriods: [day(now - 2 * DAY)], atRisk: true });
    await walk(userId, token, now - 2 * DAY, 1000); // the wearable syncs two days late
    expect(await streak(userId, token, 'daily-move')).toMatchObject({ current: 3, freezesHeld: 1, frozenPeriods: [], lastActivePeriod: day(now - DAY) });
  });

  it('should restore a streak broken inside a range an admin excused, and list the excuse', async () => {
    const { userId, token } = await newMember();
    for (const daysAgo of [5, 4, 1, 0]) await sleep(userId, token, now - daysAgo * DAY);
    expect(await streak(userId, token, 'daily-sleep')).toMatchObject({ current: 2 });
    const excuse = `mutation($userId: ID!, $from: String!, $to: String!) {
      excuseStreak(userId: $userId, streakKey: "daily-sleep", from: $from, to: $to, reason: "hospital stay") { current excusedPeriods } }`;
    const variables = { userId, from: day(now - 3 * DAY), to: day(now - 2 * DAY) };
    expect((await graphql(api.url, excuse, variables, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api.url, excuse, variables, admin)).data?.excuseStreak).toEqual({ current: 4, excusedPeriods: [variables.from, variables.to] });
    const listed = await graphql(api.url, `query($userId: ID!) { streakExcuses(userId: $userId) { streakKey from to reason excusedBy } }`, { userId }, token);
    expect(listed.data?.streakExcuses).toEqual([
      { streakKey: 'daily-sleep', from: variables.from, to: variables.to, reason: 'hospital stay', excusedBy: expect.stringMatching(/^admin:/) },
    ]);
    const tooOld = await graphql(api.url, excuse, { userId, from: day(now - 61 * DAY), to: day(now - 60 * DAY) }, admin);
    expect(tooOld.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it("should take calendar keys in the member's own zone, set by the member, refusing unknown zones", async () => {
    const { userId, token } = await newMember();
    const setZone = `mutation($userId: ID!, $timeZone: String!) { setTimeZone(userId: $userId, timeZone: $timeZone) { timeZone } }`;
    const unknown = await graphql(api.url, setZone, { userId, timeZone: 'Mars/Olympus_Mons' }, token);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
    const other = await newMember();
    expect((await graphql(api.url, setZone, { userId: other.userId, timeZone: 'Asia/Tokyo' }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(api.url, setZone, { userId, timeZone: 'Pacific/Kiritimati' }, token)).data?.setTimeZone).toEqual({ timeZone: 'Pacific/Kiritimati' });
    await walk(userId, token, now, 1000);
    const weekThere = periodKeyOf(periodOrdinal(new Date(), 'week', 'Pacific/Kiritimati'), 'week');
    expect(await achievement(userId, token, 'weekly-10k')).toMatchObject({ periodKey: weekThere, progress: 1000 });
    expect((await member(userId, token)).profile.timeZone).toBe('Pacific/Kiritimati');
  });

  it('should award and deduct points by hand, idempotently, never below 0, and tell subscribers', async () => {
    const { userId, token } = await newMember();
    const client = wsClient(api.url, token);
    const points = collect<{ points: number; eventType: string }>(client, `subscription($userId: ID!) { pointsAwarded(userId: $userId) { points eventType } }`, { userId }, 'pointsAwarded');
    try {
      const award = `mutation($input: AwardPointsInput!) { awardPoints(input: $input) { userId pointsRequested pointsApplied totalPoints level duplicate } }`;
      const bonus = { userId, points: 150, reason: 'welcome campaign', idempotencyKey: `bonus-${userId}` };
      expect((await graphql(api.url, award, { input: bonus }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await untilSubscribed(api.url, 'pointsAwarded');
      expect((await graphql(api.url, award, { input: bonus }, service)).data?.awardPoints).toEqual({
        userId, pointsRequested: 150, pointsApplied: 150, totalPoints: 150, level: 2, duplicate: false,
      });
      expect((await graphql(api.url, award, { input: bonus }, service)).data?.awardPoints).toMatchObject({ pointsApplied: 150, totalPoints: 150, duplicate: true });
      const deduction = { userId, points: -500, reason: 'fraudulent reading', idempotencyKey: `fraud-${userId}` };
      expect((await graphql(api.url, award, { input: deduction }, admin)).data?.awardPoints).toMatchObject({ pointsRequested: -500, pointsApplied: -150, totalPoints: 0, level: 1 });
      expect(await points.waitFor(2)).toEqual([{ points: 150, eventType: 'MANUAL_ADJUSTMENT' }, { points: -150, eventType: 'MANUAL_ADJUSTMENT' }]);
      const ledger = (await member(userId, token)).pointsHistory;
      expect(ledger.map((line: { sourceType: string; sourceKey: string; points: number }) => [line.sourceType, line.sourceKey.split(':')[0], line.points])).toEqual([
        ['manual', 'admin', -150], ['manual', 'service', 150],
      ]);
    } finally {
      points.unsubscribe();
      await client.dispose();
    }
  });

  it('should grant an achievement by hand once, with its bonus', async () => {
    const { userId, token } = await newMember();
    const grant = `mutation($input: GrantAchievementInput!) { grantAchievement(input: $input) { achievement { key } unlocked timesEarned } }`;
    const input = { userId, key: 'champion', reason: 'attended 10 sessions at the partner clinic', idempotencyKey: `grant-${userId}` };
    expect((await graphql(api.url, grant, { input }, admin)).data?.grantAchievement).toEqual({ achievement: { key: 'champion' }, unlocked: true, timesEarned: 1 });
    expect((await graphql(api.url, grant, { input }, admin)).data?.grantAchievement).toMatchObject({ unlocked: true });
    expect((await member(userId, token)).profile.totalPoints).toBe(50);
    const unknown = await graphql(api.url, grant, { input: { ...input, key: 'nope', idempotencyKey: 'x' } }, admin);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'key' });
  });

  it('should tell a streakChanged subscriber when a streak grows', async () => {
    const { userId, token } = await newMember();
    const client = wsClient(api.url, token);
    const changes = collect<{ kind: string; current: number; streak: { key: string } }>(
      client, `subscription($userId: ID!) { streakChanged(userId: $userId) { kind current streak { key } } }`, { userId }, 'streakChanged');
    try {
      await untilSubscribed(api.url, 'streakChanged');
      await walk(userId, token, now - DAY, 1000);
      await walk(userId, token, now, 1000);
      // A late event three days back: the day between is covered by the freeze, the run grows to 3.
      await walk(userId, token, now - 3 * DAY, 1000);
      const daily = { key: 'daily-move' };
      expect(await changes.waitFor(4)).toEqual([
        { kind: 'STREAK_EXTENDED', current: 1, streak: daily },
        { kind: 'STREAK_EXTENDED', current: 2, streak: daily },
        { kind: 'STREAK_FREEZE_USED', current: 3, streak: daily },
        { kind: 'STREAK_EXTENDED', current: 3, streak: daily },
      ]);
    } finally {
      changes.unsubscribe();
      await client.dispose();
    }
  });

  it("should learn at the member's midnight, by the streak sweep, that a day was missed: a freeze first, then a break", async () => {
    const { userId, token } = await newMember();
    const client = wsClient(api.url, token);
    const changes = collect<{ kind: string; current: number; freezesHeld: number; period: string }>(
      client, `subscription($userId: ID!) { streakChanged(userId: $userId) { kind current freezesHeld period } }`, { userId }, 'streakChanged');
    const sweepAt = (at: number) =>
      new StreakSweep(new PostgresEngineStore(api.runtime.database, (member) => api.runtime.keyring.erasureHash(member)), api.runtime.rules.current, { timeZone: 'UTC', now: () => new Date(at) }).sweep();
    try {
      await untilSubscribed(api.url, 'streakChanged');
      await walk(userId, token, now, 1000);
      expect(await sweepAt(now)).toBe(0); // today is not over yet
      expect(await sweepAt(now + 2 * DAY)).toBeGreaterThanOrEqual(1);
      expect(await sweepAt(now + 2 * DAY)).toBe(0); // nothing due until the next midnight
      expect(await sweepAt(now + 3 * DAY)).toBeGreaterThanOrEqual(1);
      expect(await changes.waitFor(3)).toEqual([
        { kind: 'STREAK_EXTENDED', current: 1, freezesHeld: 1, period: day(now) },
        { kind: 'STREAK_FREEZE_USED', current: 1, freezesHeld: 0, period: day(now + DAY) },
        { kind: 'STREAK_BROKEN', current: 0, freezesHeld: 0, period: day(now + 2 * DAY) },
      ]);
      expect(await streak(userId, token, 'daily-move')).toMatchObject({ current: 0, longest: 1, atRisk: false });
    } finally {
      changes.unsubscribe();
      await client.dispose();
    }
  });
});
