import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken } from '../../support/tokens';

jest.setTimeout(60_000);

/** Tiers, a weekly goal sum, a daily streak with a milestone, a capped rule: what a retraction must undo exactly. */
const RULES = `
levels: [0, 50, 120, 250]
rules:
  - { id: steps, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, points: { field: data.value, per: 1000, max: 20 }, limit: { points: 30, per: week } }
achievements:
  - key: ladder
    title: Ladder
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS, data.value: { $gte: 8000 } }
    tiers: [{ name: Bronze, count: 2, points: 10 }, { name: Silver, count: 3, points: 20 }]
  - { key: weekly-30k, title: 30k week, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, goal: { sum: data.value, atLeast: 30000, per: week }, repeat: true, points: 25 }
streaks:
  - key: daily-move
    title: Daily Move
    event: HEALTH_METRIC_RECORDED
    when: { data.metricType: STEPS }
    per: day
    milestones: [{ length: 3, points: 15 }]
`;

const MEMBER = `query($u: ID!) {
  profile(userId: $u) { totalPoints level }
  achievements(userId: $u) { achievement { key } progress unlocked timesEarned tier periodKey }
  streaks(userId: $u) { streak { key } current longest freezesHeld }
}`;
const RETRACT = `mutation($input: RetractEventInput!) { retractEvent(input: $input) { pointsDelta totalPoints level achievementsRevoked } }`;
const DAY = 86_400_000;

describe('a retraction undoes progress exactly: the member ends as if the event had never happened', () => {
  let database: TestDatabase;
  let api: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('retraction_progress');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES), RECORD_EVENT_RATE_LIMIT: '0' } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  /** Steps readings on consecutive days ending yesterday (noon UTC), in time order. */
  const readings = [9000, 12_000, 8000, 15_000, 4000];
  const eventsOf = (userId: string) => {
    const start = Math.floor(Date.now() / DAY) * DAY - readings.length * DAY + DAY / 2;
    return readings.map((value, index) =>
      createTestEvent(EventType.HEALTH_METRIC_RECORDED, {
        userId,
        timestamp: new Date(start + index * DAY).toISOString(),
        data: { metricType: 'STEPS', value, unit: 'steps' } as never,
      }),
    );
  };
  const record = async (events: ReturnType<typeof eventsOf>) => {
    const token = await serviceToken();
    for (const event of events) expect((await graphql(api.url, RECORD_EVENT, { event }, token)).errors).toBeUndefined();
  };
  const memberView = async (userId: string) => (await graphql(api.url, MEMBER, { u: userId }, await adminToken())).data!;

  it.each(readings.map((_, index) => [index]))('should leave the member as a member who never sent reading %i', async (retracted) => {
    const [corrected, neverSent] = [randomUUID(), randomUUID()];
    const events = eventsOf(corrected);
    await record(events);
    await record(eventsOf(neverSent).filter((_, index) => index !== retracted));
    const { data, errors } = await graphql(
      api.url,
      RETRACT,
      { input: { eventId: events[retracted].id, reason: 'device fault', idempotencyKey: `r-${corrected}` } },
      await adminToken(),
    );
    expect(errors).toBeUndefined();
    const expected = await memberView(neverSent);
    expect(await memberView(corrected)).toEqual(expected);
    expect(data!.retractEvent).toMatchObject({ totalPoints: expected.profile.totalPoints, level: expected.profile.level });
  });
});
