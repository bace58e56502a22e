import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { collect, untilSubscribed, wsClient } from '../../support/subscriptions';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, TEST_JWT_SECRET, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const RULES = `
levels: [0, 100, 300]
rules:
  - { id: booked, event: APPOINTMENT_BOOKED, points: 60, coins: 10 }
  - { id: rated, event: PROVIDER_RATED, points: 5 }
achievements:
  - { key: first-booking, title: First booking, event: APPOINTMENT_BOOKED, points: 30 }
quests:
  - key: care-circle
    title: Care Circle
    steps:
      - { event: APPOINTMENT_BOOKED }
      - { event: PROVIDER_RATED }
    points: 20
rewards:
  - { key: badge, title: Booker badge, achievement: first-booking }
  - { key: voucher, title: Voucher, quest: care-circle }
retractions:
  - { event: APPOINTMENT_CANCELLED, retracts: APPOINTMENT_BOOKED, match: [data.appointmentId] }
`;

const CORRECTION_FIELDS = 'id eventId userId reason pointsDelta totalPoints level achievementsRevoked achievementsGained questsRevoked rewardsRevoked createdAt principal';
const RETRACT = `mutation($input: RetractEventInput!) { retractEvent(input: $input) { ${CORRECTION_FIELDS} } }`;
const CORRECTIONS = `query($u: ID!) { corrections(userId: $u) { ${CORRECTION_FIELDS} } }`;
const CORRECTION_APPLIED = `subscription($userId: ID!) { correctionApplied(userId: $userId) { ${CORRECTION_FIELDS} } }`;
const MEMBER = `query($u: ID!) {
  profile(userId: $u) { totalPoints level }
  achievements(userId: $u) { achievement { key } unlocked }
  quests(userId: $u) { quest { key } completed }
  rewards(userId: $u) { reward { key } }
  wallet(userId: $u) { balance }
  leaderboard(limit: 100) { entries { userId points } }
}`;
const NOTIFICATIONS = `query($u: ID!) { notifications(userId: $u, limit: 100) { kind eventId payload {
  ... on PointsRevoked { points totalPoints level journey reason correctionId }
  ... on AchievementRevoked { achievement { key title } reason }
  ... on CorrectionApplied { correction { id pointsDelta } } } } }`;

const booking = (userId: string, appointmentId = randomUUID()) =>
  createTestEvent(EventType.APPOINTMENT_BOOKED, { userId, data: { ...createTestEvent(EventType.APPOINTMENT_BOOKED).data, appointmentId } });
const rating = (userId: string) => createTestEvent(EventType.PROVIDER_RATED, { userId });

async function recordOn(url: string, event: ReturnType<typeof createTestEvent>) {
  const response = await graphql(url, RECORD_EVENT, { event }, await serviceToken());
  expect(response.errors).toBeUndefined();
  return response.data!.recordEvent;
}

describe('retracting an event through GraphQL on PostgreSQL', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let admin: string;
  let service: string;

  beforeAll(async () => {
    database = await createTestDatabase('retraction');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES), RECORD_EVENT_RATE_LIMIT: '0' } });
    [admin, service] = await Promise.all([adminToken(), serviceToken()]);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const record = (event: ReturnType<typeof createTestEvent>) => recordOn(api.url, event);
  const memberView = async (userId: string) => {
    const { data, errors } = await graphql(api.url, MEMBER, { u: userId }, admin);
    expect(errors).toBeUndefined();
    return {
      totalPoints: data!.profile.totalPoints, level: data!.profile.level, coins: data!.wallet.balance,
      unlocked: data!.achievements.filter((a: { unlocked: boolean }) => a.unlocked).map((a: { achievement: { key: string } }) => a.achievement.key),
      completed: data!.quests.filter((q: { completed: boolean }) => q.completed).map((q: { quest: { key: string } }) => q.quest.key),
      rewards: data!.rewards.map((r: { reward: { key: string } }) => r.reward.key).sort(),
      board: data!.leaderboard.entries.find((entry: { userId: string }) => entry.userId === userId)?.points ?? null,
    };
  };
  const retract = (eventId: string, idempotencyKey: string, token = service, reason = 'appointment never took place') =>
    graphql(api.url, RETRACT, { input: { eventId, reason, idempotencyKey } }, token);

  it('should undo what the event caused: points, the achievement and its bonus, the quest and its reward, coins, the level and the board; and say so', async () => {
    const userId = randomUUID();
    const booked = booking(userId);
    await record(booked);
    await record(rating(userId));
    expect(await memberView(userId)).toEqual({
      totalPoints: 60 + 30 + 5 + 20, level: 2, coins: 10, unlocked: ['first-booking'], completed: ['care-circle'], rewards: ['badge', 'voucher'], board: 115,
    });
    const subscription = collect(wsClient(api.url, await userToken(userId)), CORRECTION_APPLIED, { userId }, 'correctionApplied');
    await untilSubscribed(api.url, 'correctionApplied');

    const { data, errors } = await retract(booked.id!, `retract-${booked.id}`);
    expect(errors).toBeUndefined();
    const correction = data!.retractEvent;
    expect(correction).toMatchObject({
      eventId: booked.id, userId, reason: 'appointment never took place', pointsDelta: -110, totalPoints: 5, level: 1,
      achievementsRevoked: ['first-booking'], achievementsGained: [], questsRevoked: ['care-circle'], rewardsRevoked: ['badge', 'voucher'], principal: 'service:test-service',
    });
    expect(await memberView(userId)).toEqual({ totalPoints: 5, level: 1, coins: 0, unlocked: [], completed: [], rewards: [], board: 5 });

    expect(await subscription.waitFor(1)).toEqual([correction]);
    subscription.unsubscribe();
    const notifications = await eventually(async () => {
      const list = (await graphql(api.url, NOTIFICATIONS, { u: userId }, await userToken(userId))).data!.notifications;
      return list.some((n: { kind: string }) => n.kind === 'CORRECTION_APPLIED') && list;
    });
    const revocations = notifications.filter((n: { kind: string }) => n.kind.endsWith('_REVOKED') || n.kind === 'CORRECTION_APPLIED');
    expect(revocations).toEqual([
      { kind: 'POINTS_REVOKED', eventId: booked.id, payload: { points: -90, totalPoints: 5, level: 1, journey: 'care', reason: correction.reason, correctionId: correction.id } },
      { kind: 'POINTS_REVOKED', eventId: expect.any(String), payload: { points: -20, totalPoints: 5, level: 1, journey: 'care', reason: correction.reason, correctionId: correction.id } },
      { kind: 'ACHIEVEMENT_REVOKED', eventId: booked.id, payload: { achievement: { key: 'first-booking', title: 'First booking' }, reason: correction.reason } },
      { kind: 'CORRECTION_APPLIED', eventId: booked.id, payload: { correction: { id: correction.id, pointsDelta: -110 } } },
    ]);
    // The member reads their corrections; the event stays stored, marked retracted.
    expect((await graphql(api.url, CORRECTIONS, { u: userId }, await userToken(userId))).data!.corrections).toEqual([correction]);
    const [stored] = await database.query<{ status: string; retracted_by: string; retraction_reason: string }>(
      `SELECT status, retracted_by, retraction_reason FROM events WHERE user_id = $1 AND event_id = $2`, [userId, booked.id]);
    expect(stored).toEqual({ status: 'RETRACTED', retracted_by: 'service:test-service', retraction_reason: 'appointment never took place' });
  });

  it('should be idempotent: the same key, or the same event again, returns the first correction and changes nothing', async () => {
    const userId = randomUUID();
    const booked = booking(userId);
    await record(booked);
    const first = (await retract(booked.id!, 'key-1')).data!.retractEvent;
    expect((await retract(booked.id!, 'key-1')).data!.retractEvent).toEqual(first);
    expect((await retract(booked.id!, 'key-2', admin)).data!.retractEvent).toEqual(first);
    expect((await graphql(api.url, CORRECTIONS, { u: userId }, admin)).data!.corrections).toHaveLength(1);
    expect((await memberView(userId)).totalPoints).toBe(0);
  });

  it('should refuse: an unknown id (NOT_FOUND), an event past retention (FAILED_PRECONDITION), a member token (FORBIDDEN), changing nothing', async () => {
    const userId = randomUUID();
    const booked = booking(userId);
    await record(booked);
    expect((await retract(`no-such-${randomUUID()}`, 'k')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await retract(booked.id!, 'k', await userToken(userId))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await database.query(`UPDATE events SET payload = NULL WHERE user_id = $1`, [userId]);
    const purged = await retract(booked.id!, 'k');
    expect(purged.errors?.[0]).toMatchObject({ extensions: { code: 'FAILED_PRECONDITION' }, message: expect.stringContaining('EVENT_RETENTION_DAYS') });
    expect((await memberView(userId)).totalPoints).toBe(90);
  });

  it('should refuse to recompute a member with events processed before the event store kept them (counted on the profile), changing nothing', async () => {
    const userId = randomUUID();
    const booked = booking(userId);
    await record(booked);
    // As the migration that added the count leaves a member whose first two events predate the event store.
    await database.query(`UPDATE profiles SET unstored_events = 2 WHERE user_id = $1`, [userId]);
    const refused = await retract(booked.id!, 'k');
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'FAILED_PRECONDITION' },
      message: expect.stringContaining("2 of the member's events were processed before the event store kept them"),
    });
    expect((await memberView(userId)).totalPoints).toBe(90);
  });

  it('should retract by the rules: a cancelled appointment takes back its booking, and only that one', async () => {
    const userId = randomUUID();
    const kept = booking(userId);
    const cancelledAppointment = randomUUID();
    const cancelled = booking(userId, cancelledAppointment);
    await record(kept);
    await record(cancelled);
    expect((await memberView(userId)).totalPoints).toBe(60 + 30 + 60);
    await record(createTestEvent(EventType.APPOINTMENT_CANCELLED, { userId, data: { ...createTestEvent(EventType.APPOINTMENT_CANCELLED).data, appointmentId: cancelledAppointment } }));
    expect(await memberView(userId)).toMatchObject({ totalPoints: 90, unlocked: ['first-booking'], coins: 10 });
    expect((await graphql(api.url, CORRECTIONS, { u: userId }, admin)).data!.corrections).toEqual([
      expect.objectContaining({ eventId: cancelled.id, pointsDelta: -60, principal: 'rules', achievementsRevoked: [] }),
    ]);
  });

  it('should end, racing live events of the same member, in the state a serial run gives', async () => {
    const userId = randomUUID();
    const booked = booking(userId);
    await record(booked);
    const ratings = Array.from({ length: 30 }, () => rating(userId));
    const [retraction] = await Promise.all([retract(booked.id!, `race-${booked.id}`), ...ratings.map((event) => record(event))]);
    expect(retraction.errors).toBeUndefined();
    // Serially: the booking gone, 30 ratings of 5 points, no quest (its booking step is gone).
    expect(await memberView(userId)).toEqual({ totalPoints: 150, level: 2, coins: 0, unlocked: [], completed: [], rewards: [], board: 150 });
    const [ledger] = await database.query<{ points: string }>(`SELECT sum(points) AS points FROM points_ledger WHERE user_id = $1`, [userId]);
    expect(Number(ledger.points)).toBe(150);
  });
});

const BOARD = `query($journey: String, $period: LeaderboardPeriod) { leaderboard(journey: $journey, period: $period, limit: 100) { entries { userId points } } }`;

describe('retracting an event with the boards in Redis', () => {
  let database: TestDatabase;
  let api: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('retraction_redis');
    api = await startTestApi({
      databaseUrl: database.url,
      env: { RULES_FILE: writeRulesFile(RULES), REDIS_URL: 'redis://127.0.0.1:6379', CHANNEL_PREFIX: `test-retraction-${randomUUID().slice(0, 8)}` },
    });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should move the member down on every board and period through the outbox', async () => {
    const admin = await adminToken();
    const userId = randomUUID();
    const booked = booking(userId);
    await recordOn(api.url, booked);
    await recordOn(api.url, rating(userId));
    const boards = async () => {
      const points: number[] = [];
      for (const journey of [null, 'care']) {
        for (const period of ['ALL_TIME', 'MONTH', 'WEEK', 'DAY']) {
          const { data } = await graphql(api.url, BOARD, { journey, period }, admin);
          points.push(data!.leaderboard.entries.find((entry: { userId: string }) => entry.userId === userId)?.points ?? 0);
        }
      }
      return points;
    };
    await eventually(async () => (await boards()).every((points) => points === 115));
    const { errors } = await graphql(api.url, RETRACT, { input: { eventId: booked.id, reason: 'duplicate booking', idempotencyKey: `r-${booked.id}` } }, admin);
    expect(errors).toBeUndefined();
    await eventually(async () => (await boards()).every((points) => points === 5));
  });
});

describe('retracting an event on the embedded default', () => {
  let dataDir: string | undefined;
  let api: SpawnedProcess & { url: string };

  beforeAll(async () => {
    dataDir = await embeddedDataDir('gamification-retraction-');
    api = await spawnApi({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, RULES_FILE: writeRulesFile(RULES) });
  });

  afterAll(async () => {
    await api?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should undo the event and be idempotent', async () => {
    const admin = await adminToken();
    const userId = randomUUID();
    const booked = booking(userId);
    await recordOn(api.url, booked);
    await recordOn(api.url, rating(userId));
    const input = { eventId: booked.id, reason: 'claim rejected', idempotencyKey: `e-${booked.id}` };
    const first = await graphql(api.url, RETRACT, { input }, admin);
    expect(first.data!.retractEvent).toMatchObject({ pointsDelta: -110, totalPoints: 5, level: 1, achievementsRevoked: ['first-booking'], questsRevoked: ['care-circle'] });
    expect((await graphql(api.url, RETRACT, { input }, admin)).data!.retractEvent).toEqual(first.data!.retractEvent);
    const { data } = await graphql(api.url, `query($u: ID!) { profile(userId: $u) { totalPoints level } }`, { u: userId }, admin);
    expect(data!.profile).toEqual({ totalPoints: 5, level: 1 });
  });
});
