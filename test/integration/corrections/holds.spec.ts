import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';

jest.setTimeout(60_000);

const RULES = `
levels: [0, 100]
rules:
  - { id: steps, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, points: 10 }
streaks:
  - { key: daily-move, title: Daily Move, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, per: day }
holds:
  - key: implausible-steps
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gt: 60000 } }
    reason: More than 60,000 steps in one reading
`;

const RECORD = `mutation($event: RecordEventInput!) { recordEvent(event: $event) { eventId held pointsAwarded totalPoints } }`;
const HELD = `query($after: String) { heldEvents(limit: 50, after: $after) { eventId userId type holdKey reason data cursor } }`;
const REVIEW = `mutation($input: ReviewEventInput!) { reviewEvent(input: $input) { eventId held pointsAwarded totalPoints level } }`;
const MEMBER = `query($u: ID!) { profile(userId: $u) { totalPoints } streaks(userId: $u) { streak { key } current longest } }`;
const NOTIFICATIONS = `query($u: ID!) { notifications(userId: $u, limit: 100) { kind eventId } }`;

const DAY = 86_400_000;

describe('plausibility holds', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let admin: string;
  let service: string;

  beforeAll(async () => {
    database = await createTestDatabase('holds');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES) } });
    [admin, service] = await Promise.all([adminToken(), serviceToken()]);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  /** Steps at noon UTC `daysAgo` days back. */
  const steps = (userId: string, value: number, daysAgo: number) => {
    const noon = Math.floor(Date.now() / DAY) * DAY + DAY / 2 - daysAgo * DAY;
    return createTestEvent(EventType.HEALTH_METRIC_RECORDED, {
      userId, timestamp: new Date(Math.min(noon, Date.now() - 60_000)).toISOString(), data: { metricType: 'STEPS', value, unit: 'steps' } as never,
    });
  };
  const record = async (event: ReturnType<typeof steps>) => {
    const response = await graphql(api.url, RECORD, { event }, service);
    expect(response.errors).toBeUndefined();
    return response.data!.recordEvent;
  };
  const member = async (userId: string) => {
    const { data } = await graphql(api.url, MEMBER, { u: userId }, admin);
    return { totalPoints: data!.profile.totalPoints, streak: data!.streaks.find((s: { streak: { key: string } }) => s.streak.key === 'daily-move') };
  };
  const heldIds = async () => (await graphql(api.url, HELD, {}, admin)).data!.heldEvents.map((held: { eventId: string }) => held.eventId);

  it('should hold an implausible reading with no effect, list it, and on release place it in its own day (mending the streak)', async () => {
    const userId = randomUUID();
    await record(steps(userId, 8000, 2));
    const implausible = steps(userId, 70_000, 1);
    expect(await record(implausible)).toEqual({ eventId: implausible.id, held: true, pointsAwarded: 0, totalPoints: 10 });
    await record(steps(userId, 9000, 0));
    expect(await member(userId)).toMatchObject({ totalPoints: 20, streak: { current: 1, longest: 1 } });
    const listed = (await graphql(api.url, HELD, {}, admin)).data!.heldEvents.find((held: { eventId: string }) => held.eventId === implausible.id);
    expect(listed).toMatchObject({ userId, type: 'HEALTH_METRIC_RECORDED', holdKey: 'implausible-steps', reason: 'More than 60,000 steps in one reading', data: { value: 70_000 } });
    // The member sees nothing of it.
    const seen = (await graphql(api.url, NOTIFICATIONS, { u: userId }, await userToken(userId))).data!.notifications;
    expect(seen.filter((n: { eventId: string }) => n.eventId === implausible.id)).toEqual([]);
    expect((await graphql(api.url, REVIEW, { input: { eventId: implausible.id, approve: true } }, await userToken(userId))).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const released = await graphql(api.url, REVIEW, { input: { eventId: implausible.id, approve: true, note: 'verified with the wearable vendor' } }, admin);
    expect(released.data!.reviewEvent).toEqual({ eventId: implausible.id, held: false, pointsAwarded: 10, totalPoints: 30, level: 1 });
    expect(await member(userId)).toMatchObject({ totalPoints: 30, streak: { current: 3, longest: 3 } });
    expect(await heldIds()).not.toContain(implausible.id);
    const again = await graphql(api.url, REVIEW, { input: { eventId: implausible.id, approve: true } }, admin);
    expect(again.errors?.[0].extensions?.code).toBe('FAILED_PRECONDITION');
  });

  it('should keep a rejected event with no effect', async () => {
    const userId = randomUUID();
    await record(steps(userId, 8000, 1));
    const implausible = steps(userId, 90_000, 0);
    await record(implausible);
    const rejected = await graphql(api.url, REVIEW, { input: { eventId: implausible.id, approve: false, note: 'a phone on a washing machine' } }, admin);
    expect(rejected.data!.reviewEvent).toEqual({ eventId: implausible.id, held: false, pointsAwarded: 0, totalPoints: 10, level: 1 });
    expect(await member(userId)).toMatchObject({ totalPoints: 10, streak: { current: 1 } });
    expect(await heldIds()).not.toContain(implausible.id);
    const [stored] = await database.query<{ status: string; reviewed_by: string; review_note: string }>(
      `SELECT status, reviewed_by, review_note FROM events WHERE event_id = $1`, [implausible.id]);
    expect(stored).toEqual({ status: 'REJECTED', reviewed_by: 'admin:test-admin', review_note: 'a phone on a washing machine' });
  });

  it("should count the events held within the window in the admin overview's outcomes, whatever their review decided since", async () => {
    const stats = async () => {
      const response = await graphql(api.url, `{ stats(windowMinutes: 60) { outcomes { processed awarded held } } }`, {}, admin);
      expect(response.errors).toBeUndefined();
      return response.data!.stats.outcomes as { processed: number; awarded: number; held: number };
    };
    const before = await stats();
    const userId = randomUUID();
    const [released, rejected, waiting] = [steps(userId, 70_000, 2), steps(userId, 80_000, 1), steps(userId, 90_000, 0)];
    for (const event of [steps(userId, 8000, 3), released, rejected, waiting]) await record(event);
    await graphql(api.url, REVIEW, { input: { eventId: released.id, approve: true } }, admin);
    await graphql(api.url, REVIEW, { input: { eventId: rejected.id, approve: false } }, admin);
    expect(await stats()).toEqual({ processed: before.processed + 4, awarded: before.awarded + 1, held: before.held + 3 });
    // Held an hour and a half ago: outside the last hour.
    await database.query(`UPDATE processed_events SET processed_at = now() - interval '90 minutes' WHERE event_id = $1`, [waiting.id]);
    expect(await stats()).toMatchObject({ processed: before.processed + 3, held: before.held + 2 });
  });

  it('should page through held events with the cursor', async () => {
    const userId = randomUUID();
    for (const daysAgo of [3, 2, 1]) await record(steps(userId, 61_000, daysAgo));
    const all = (await graphql(api.url, HELD, {}, admin)).data!.heldEvents.filter((held: { userId: string }) => held.userId === userId);
    expect(all).toHaveLength(3);
    const next = (await graphql(api.url, HELD, { after: all[0].cursor }, admin)).data!.heldEvents.filter((held: { userId: string }) => held.userId === userId);
    expect(next.map((held: { eventId: string }) => held.eventId)).toEqual(all.slice(1).map((held: { eventId: string }) => held.eventId));
  });
});
