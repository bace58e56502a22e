import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { writeRulesFile } from '../../support/rules-files';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken, userToken } from '../../support/tokens';

const RULES = `
levels: [0, 50, 150]
rules:
  - { id: walk, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, points: 10, limit: { count: 2, per: day } }
  - { id: book, event: APPOINTMENT_BOOKED, points: 20 }
achievements:
  - { key: walker, title: Walker, event: HEALTH_METRIC_RECORDED, when: { data.metricType: STEPS }, count: 3, points: 15 }
  - { key: streaker, title: Streaker, event: HEALTH_METRIC_RECORDED, streak: { days: 2 } }
quests:
  - key: starter
    title: Starter
    steps: [{ event: APPOINTMENT_BOOKED }, { event: HEALTH_METRIC_RECORDED, count: 2 }]
    points: 30
rewards:
  - { key: walker-badge, title: Walker badge, achievement: walker }
  - { key: starter-gift, title: Starter gift, quest: starter }
`;

const MEMBER_QUERY = `
  query Member($userId: ID!) {
    profile(userId: $userId) { userId totalPoints level nextLevelAt }
    achievements(userId: $userId) { achievement { key title } progress target unlocked unlockedAt }
    quests(userId: $userId) { quest { key title } progress target completed completedAt steps { event done count } }
    pointsHistory(userId: $userId, limit: 50) { eventId sourceType sourceKey points }
    rewards(userId: $userId) { reward { key title } sourceType sourceKey }
  }`;

describe('a member playing through GraphQL on PostgreSQL', () => {
  let database: TestDatabase;
  let api: ApiNode;
  const userId = randomUUID();
  let token: string;
  let backEnd: string;
  // Three calendar days ending today (UTC), all inside a member's 72 h window.
  const firstDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 2 * 86_400_000;
  const at = (day: 1 | 2, hour: number) => new Date(firstDay + (day - 1) * 86_400_000 + hour * 3_600_000).toISOString();

  const record = async (type: EventType, timestamp: string, data?: Record<string, unknown>, sender = token) => {
    const event = createTestEvent(type, { userId, timestamp, data: data as never });
    const response = await graphql(api.url, RECORD_EVENT, { event: { id: event.id, type, userId, timestamp, data: event.data } }, sender);
    expect(response.errors).toBeUndefined();
    return response.data!.recordEvent;
  };
  const member = async () => (await graphql(api.url, MEMBER_QUERY, { userId }, token)).data!;

  beforeAll(async () => {
    database = await createTestDatabase('progression');
    api = await startTestApi({ databaseUrl: database.url, env: { RULES_FILE: writeRulesFile(RULES) } });
    token = await userToken(userId);
    backEnd = await serviceToken();
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('should see no profile before the first event', async () => {
    expect((await member()).profile).toBeNull();
  });

  it('should follow the rules file event by event', async () => {
    const walk = (timestamp: string) => record(EventType.HEALTH_METRIC_RECORDED, timestamp, { metricType: 'STEPS', value: 4000, unit: 'steps' });

    expect(await walk(at(1, 8))).toMatchObject({ pointsAwarded: 10, totalPoints: 10, level: 1, unlockedAchievements: [] });
    // Second walk on day 2 also extends the 2-day streak.
    expect(await walk(at(2, 8))).toMatchObject({
      pointsAwarded: 10,
      totalPoints: 20,
      unlockedAchievements: [{ key: 'streaker', title: 'Streaker', points: 0 }],
    });
    // Third walk: walker unlocks (+15 bonus); same day as the previous one, cap is 2 a day.
    expect(await walk(at(2, 18))).toMatchObject({
      pointsAwarded: 25,
      totalPoints: 45,
      level: 1,
      unlockedAchievements: [{ key: 'walker', title: 'Walker', points: 15 }],
      rewardsGranted: [{ key: 'walker-badge', title: 'Walker badge' }],
    });
    // Cap reached for day 2: no rule points, nothing else left to unlock.
    expect(await walk(at(2, 20))).toMatchObject({ pointsAwarded: 0, totalPoints: 45 });
    // The booking system reports the booking (a member cannot): it completes the quest, 20 + 30
    // bonus, crossing the 50-point level threshold.
    expect(await record(EventType.APPOINTMENT_BOOKED, at(2, 21), undefined, backEnd)).toMatchObject({
      pointsAwarded: 50,
      totalPoints: 95,
      level: 2,
      completedQuests: [{ key: 'starter', title: 'Starter', points: 30 }],
      rewardsGranted: [{ key: 'starter-gift', title: 'Starter gift' }],
    });
  });

  it('should show the same state through the read queries', async () => {
    const state = await member();
    expect(state.profile).toEqual({ userId, totalPoints: 95, level: 2, nextLevelAt: 150 });
    expect(state.achievements).toEqual([
      { achievement: { key: 'walker', title: 'Walker' }, progress: 3, target: 3, unlocked: true, unlockedAt: at(2, 18) },
      { achievement: { key: 'streaker', title: 'Streaker' }, progress: 2, target: 2, unlocked: true, unlockedAt: at(2, 8) },
    ]);
    expect(state.quests).toEqual([
      {
        quest: { key: 'starter', title: 'Starter' },
        progress: 2,
        target: 2,
        completed: true,
        completedAt: at(2, 21),
        steps: [
          { event: 'APPOINTMENT_BOOKED', done: 1, count: 1 },
          { event: 'HEALTH_METRIC_RECORDED', done: 2, count: 2 },
        ],
      },
    ]);
    expect(state.rewards.map((r: { reward: { key: string } }) => r.reward.key)).toEqual(['walker-badge', 'starter-gift']);
  });

  it('should explain every point in pointsHistory, newest first', async () => {
    const history = (await member()).pointsHistory as { sourceType: string; sourceKey: string; points: number }[];
    expect(history.map((line) => `${line.sourceType}:${line.sourceKey}:${line.points}`)).toEqual([
      'quest:starter:30',
      'rule:book:20',
      'achievement:walker:15',
      'rule:walk:10',
      'rule:walk:10',
      'rule:walk:10',
    ]);
    expect(history.reduce((sum, line) => sum + line.points, 0)).toBe(95);
  });

  it('should keep the profile total equal to the ledger sum in the database', async () => {
    const [row] = await database.query<{ total: number; ledger: string }>(
      'SELECT p.total_points AS total, (SELECT sum(points) FROM points_ledger l WHERE l.user_id = p.user_id) AS ledger FROM profiles p WHERE user_id = $1',
      [userId],
    );
    expect(Number(row.ledger)).toBe(row.total);
  });
});
