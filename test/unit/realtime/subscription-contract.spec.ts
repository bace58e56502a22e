import type { GraphQLObjectType } from 'graphql';
import { buildGameSchema } from '../../../src/resolvers/build-schema';

describe('the realtime contract of the schema', () => {
  const fieldsOf = async (typeName: string) => {
    const type = (await buildGameSchema()).getType(typeName) as GraphQLObjectType;
    return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, { type: String(field.type), args: field.args.map((arg) => `${arg.name}: ${String(arg.type)}`) }]));
  };

  it("should offer the seven member subscriptions, each for one member, and the admins' feed of every member", async () => {
    const subscription = await fieldsOf('Subscription');
    expect(subscription).toEqual({
      achievementUnlocked: { type: 'AchievementUnlocked!', args: ['userId: ID!'] },
      pointsAwarded: { type: 'PointsAwarded!', args: ['userId: ID!'] },
      questCompleted: { type: 'QuestCompleted!', args: ['userId: ID!'] },
      levelUp: { type: 'LevelUp!', args: ['userId: ID!'] },
      streakChanged: { type: 'StreakChanged!', args: ['userId: ID!'] },
      walletChanged: { type: 'WalletChanged!', args: ['userId: ID!'] },
      correctionApplied: { type: 'Correction!', args: ['userId: ID!'] },
      gameActivity: { type: 'GameActivity!', args: [] },
    });
  });

  it('should carry the payload fields the issue names', async () => {
    expect(Object.keys(await fieldsOf('AchievementUnlocked'))).toEqual(expect.arrayContaining(['eventId', 'userId', 'achievement', 'unlockedAt']));
    expect(Object.keys(await fieldsOf('PointsAwarded'))).toEqual(expect.arrayContaining(['eventId', 'userId', 'points', 'totalPoints', 'eventType', 'awardedAt']));
  });

  it('should offer the catch-up query with a cursor and a limit', async () => {
    const notifications = (await fieldsOf('Query'))['notifications'];
    expect(notifications.type).toBe('[Notification!]!');
    expect([...notifications.args].sort()).toEqual(['after: ID', 'limit: Int!', 'userId: ID!']);
  });
});
