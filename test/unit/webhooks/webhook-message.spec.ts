import { Webhook } from 'standardwebhooks';
import { NotificationKind, type Notification } from '../../../src/engine/notifications/notification';
import { webhookBody } from '../../../src/webhooks/webhook-message';
import { newWebhookSecret, WebhookSigner } from '../../../src/webhooks/webhook-signer';

const userId = '6f1c3b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c';
const createdAt = new Date('2026-11-30T12:00:00.123Z');

const NOTIFICATIONS: [string, Notification, Record<string, unknown>][] = [
  [
    'points.awarded',
    {
      id: '41', userId, kind: NotificationKind.POINTS_AWARDED, eventId: 'e1', createdAt,
      payload: { eventId: 'e1', userId, points: 35, totalPoints: 35, level: 1, eventType: 'HEALTH_METRIC_RECORDED', journey: 'health', occurredAt: '2026-11-30T11:59:00.000Z', awardedAt: '2026-11-30T12:00:00.100Z' },
    },
    { __typename: 'PointsAwarded', points: 35, totalPoints: 35, level: 1, eventType: 'HEALTH_METRIC_RECORDED', journey: 'health', occurredAt: '2026-11-30T11:59:00.000Z', awardedAt: '2026-11-30T12:00:00.100Z' },
  ],
  [
    'achievement.unlocked',
    {
      id: '42', userId, kind: NotificationKind.ACHIEVEMENT_UNLOCKED, eventId: 'e1', createdAt,
      payload: { eventId: 'e1', userId, achievement: { key: 'first-steps', title: 'First Steps', description: null, points: 10 }, unlockedAt: '2026-11-30T11:59:00.000Z' },
    },
    { __typename: 'AchievementUnlocked', achievement: { key: 'first-steps', title: 'First Steps', description: null, points: 10 }, unlockedAt: '2026-11-30T11:59:00.000Z' },
  ],
  [
    'quest.completed',
    {
      id: '43', userId, kind: NotificationKind.QUEST_COMPLETED, eventId: 'e1', createdAt,
      payload: { eventId: 'e1', userId, quest: { key: 'getting-started', title: 'Getting Started', points: 100 }, completedAt: '2026-11-30T11:59:00.000Z' },
    },
    { __typename: 'QuestCompleted', quest: { key: 'getting-started', title: 'Getting Started', points: 100 }, completedAt: '2026-11-30T11:59:00.000Z' },
  ],
  [
    'level.up',
    { id: '44', userId, kind: NotificationKind.LEVEL_UP, eventId: 'e1', createdAt, payload: { eventId: 'e1', userId, level: 2, previousLevel: 1, totalPoints: 135 } },
    { __typename: 'LevelUp', level: 2, previousLevel: 1, totalPoints: 135 },
  ],
];

describe('webhookBody', () => {
  it.each(NOTIFICATIONS)('should send %s as { type, timestamp, data } with data as the GraphQL Notification', (type, notification, payload) => {
    expect(JSON.parse(webhookBody(notification))).toEqual({
      type,
      timestamp: '2026-11-30T12:00:00.123Z',
      data: {
        id: notification.id,
        kind: notification.kind,
        eventId: 'e1',
        userId,
        createdAt: '2026-11-30T12:00:00.123Z',
        payload: { notificationId: notification.id, eventId: 'e1', userId, ...payload },
      },
    });
  });

  it('should build the same bytes every time (a retry sends what the first attempt sent)', () => {
    const [, notification] = NOTIFICATIONS[0];
    expect(webhookBody(notification)).toBe(webhookBody(structuredClone(notification)));
  });
});

describe('WebhookSigner', () => {
  const body = webhookBody(NOTIFICATIONS[0][1]);
  const oldSecret = newWebhookSecret();
  const newSecret = newWebhookSecret();

  it('should produce headers that standardwebhooks verifies', () => {
    const headers = new WebhookSigner([newSecret]).sign('41', new Date(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(oldSecret).verify(body, { ...headers })).toThrow();
  });

  it("should write the very signature standardwebhooks' own signer writes", () => {
    const at = new Date('2026-11-30T12:00:00Z');
    expect(new WebhookSigner([newSecret]).sign('41', at, body)['webhook-signature']).toBe(new Webhook(newSecret).sign('41', at, body));
  });

  it('should sign with every secret given, so receivers holding either one verify during a rotation', () => {
    const headers = new WebhookSigner([newSecret, oldSecret]).sign('41', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [newSecret, oldSecret]) expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
  });

  it('should be refused by a receiver when the body was changed', () => {
    const headers = new WebhookSigner([newSecret]).sign('41', new Date(), body);
    expect(() => new Webhook(newSecret).verify(body.replace('35', '3500'), { ...headers })).toThrow();
  });
});
