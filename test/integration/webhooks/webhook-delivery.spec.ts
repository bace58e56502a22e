import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { NotificationKind } from '../../../src/engine/notifications/notification';
import { startTestApi } from '../../support/api-harness';
import { graphql } from '../../support/graphql-client';
import { Scrape } from '../../support/prometheus-text';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken, userToken } from '../../support/tokens';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { committedNotificationIds, WebhookAdminClient } from './webhook-fixture';

jest.setTimeout(60_000);

const ALL_KINDS = Object.values(NotificationKind);

const NOTIFICATIONS_AS_GRAPHQL = `query($u: ID!) { notifications(userId: $u, limit: 100) {
  id kind eventId userId createdAt
  payload {
    __typename
    ... on NotificationFields { notificationId eventId userId }
    ... on PointsAwarded { points totalPoints level eventType journey occurredAt awardedAt }
    ... on AchievementUnlocked { achievement { key title description points } tier unlockedAt }
    ... on QuestCompleted { quest { key title points } completedAt }
    ... on LevelUp { level previousLevel totalPoints }
    ... on StreakChanged { kind streak { key title per } current longest freezesHeld period changedAt }
  } } }`;

describe('webhooks: signed, ordered, at-least-once delivery', () => {
  let database: TestDatabase;
  let node: ApiNode;
  let admin: WebhookAdminClient;
  let adminJwt: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('webhooks');
    node = await startTestApi({
      databaseUrl: database.url,
      env: {
        WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '1500',
        WEBHOOK_MAX_ATTEMPTS: '12',
        WEBHOOK_TIMEOUT_MS: '1000',
        WEBHOOK_DISABLE_AFTER: '3',
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
    });
    adminJwt = await adminToken();
    admin = new WebhookAdminClient(node.url, adminJwt, await serviceToken());
  });

  afterEach(async () => {
    await admin.deleteAll();
    await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
  });

  afterAll(async () => {
    await node?.stop();
    await database?.drop();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const started = await WebhookReceiver.start();
    receivers.push(started);
    return started;
  }

  async function endpoint(input: Record<string, unknown> = {}) {
    const target = await receiver();
    const webhook = await admin.create({ url: target.url, kinds: ALL_KINDS, ...input });
    target.trust(webhook.secret!);
    return { target, webhook };
  }

  /** Waits until `target` has delivered every committed notification of each member; returns them per member. */
  async function allDelivered(target: WebhookReceiver, members: readonly string[]): Promise<Map<string, string[]>> {
    const committed = new Map<string, string[]>();
    for (const member of members) committed.set(member, await committedNotificationIds(node.url, adminJwt, member, ALL_KINDS));
    await eventually(async () => members.every((member) => new Set(target.deliveredByMember().get(member)).size === committed.get(member)!.length), 30_000);
    return committed;
  }

  it('should sign every request so that standardwebhooks verifies it, with data shaped as the GraphQL Notification', async () => {
    const { target, webhook } = await endpoint({ description: 'CRM' });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect((await admin.webhook(webhook.id)).secret).toBeNull();
    const member = randomUUID();

    await admin.recordSteps(member, 3);
    await allDelivered(target, [member]);

    const asGraphQL = await graphql<{ notifications: { id: string }[] }>(node.url, NOTIFICATIONS_AS_GRAPHQL, { u: member }, adminJwt);
    expect(asGraphQL.errors).toBeUndefined();
    const delivered = target.delivered();
    expect(delivered.map((request) => request.body.data)).toEqual(asGraphQL.data!.notifications);
    for (const request of delivered) {
      expect(request.verifiedWith).toEqual([webhook.secret]);
      expect(request.webhookId).toBe(request.body.data.id);
      expect(request.body.timestamp).toBe(request.body.data.createdAt);
    }
    expect(delivered.map((request) => request.body.type)).toContain('points.awarded');
    expect(delivered.map((request) => request.body.type)).toContain('achievement.unlocked');
  });

  it('should deliver everything in per-member order through 500s, timeouts, refused connections and 429 Retry-After, then recover', async () => {
    const { target, webhook } = await endpoint();
    const members = [randomUUID(), randomUUID()];
    await target.setMode({ answer: 'error' });
    for (const member of members) await admin.recordSteps(member, 2);

    await eventually(async () => target.requests.filter((r) => r.answer === 'error').length >= 3);
    await target.setMode({ answer: 'hang' });
    await eventually(async () => (await admin.deliveries(webhook.id)).some((d) => d.attemptLog.some((a) => a.error?.includes('no answer within 1000 ms'))));
    await target.setMode({ answer: 'closed' });
    await eventually(async () => (await admin.deliveries(webhook.id)).some((d) => d.attemptLog.some((a) => a.error?.includes('ECONNREFUSED'))));
    await target.setMode({ answer: 'too-many', retryAfterSeconds: 1 });
    await eventually(async () => target.requests.some((r) => r.answer === 'too-many'));
    await target.setMode({ answer: 'ok' });
    const committed = await allDelivered(target, members);

    for (const member of members) expect(target.deliveredByMember().get(member)).toEqual(committed.get(member));
    expect(target.requests.every((request) => request.verifiedWith.length === 1)).toBe(true);
    // Retry-After (1 s) was honoured over the computed backoff (under 0.7 s for these early attempts).
    for (const limited of target.requests.filter((r) => r.answer === 'too-many')) {
      const nextTry = target.requests.find((r) => r.webhookId === limited.webhookId && r.at > limited.at);
      expect(nextTry!.at - limited.at).toBeGreaterThanOrEqual(950);
    }
    const deliveries = await admin.deliveries(webhook.id);
    expect(deliveries.every((delivery) => delivery.status === 'DELIVERED')).toBe(true);
    const attempts = deliveries.flatMap((delivery) => delivery.attemptLog);
    expect(attempts.some((a) => a.statusCode === 500)).toBe(true);
    expect(attempts.some((a) => a.statusCode === null && a.error!.includes('no answer within 1000 ms'))).toBe(true);
    expect(attempts.some((a) => a.error?.includes('ECONNREFUSED'))).toBe(true);
    expect(attempts.some((a) => a.statusCode === 429)).toBe(true);
    expect(attempts.at(-1)).toMatchObject({ statusCode: 204, error: null });

    // The dispatcher thread hands its metrics to the process after each turn of its work: poll.
    let metrics = await Scrape.of(node.url);
    await eventually(async () => (metrics = await Scrape.of(node.url)).value('gamification_webhook_deliveries_total', { webhook: webhook.id, outcome: 'delivered' }) === deliveries.length);
    expect(metrics.value('gamification_webhook_deliveries_total', { webhook: webhook.id, outcome: 'retrying' })).toBeGreaterThan(0);
    expect(metrics.value('gamification_webhook_deliveries_total', { webhook: webhook.id, outcome: 'delivered' })).toBe(deliveries.length);
    expect(metrics.has('gamification_webhook_attempt_seconds_bucket')).toBe(true);
  });

  it('should sign with both secrets during a rotation grace period, and with the new one alone after it', async () => {
    const { target, webhook } = await endpoint();
    const member = randomUUID();
    await admin.recordSteps(member, 1);
    await eventually(async () => target.delivered().length > 0);

    const rotate = `mutation($id: ID!, $grace: Int) { rotateWebhookSecret(id: $id, graceSeconds: $grace) { secret previousSecretExpiresAt } }`;
    const graced = (await admin.call<{ rotateWebhookSecret: { secret: string; previousSecretExpiresAt: string } }>(rotate, { id: webhook.id, grace: 3600 })).data!.rotateWebhookSecret;
    expect(graced.secret).not.toBe(webhook.secret);
    target.trust(webhook.secret!, graced.secret);
    const before = target.requests.length;
    await admin.recordSteps(member, 1);
    await eventually(async () => target.requests.length > before);
    expect(target.requests.slice(before).map((request) => request.verifiedWith)).toEqual(target.requests.slice(before).map(() => [webhook.secret, graced.secret]));

    const abrupt = (await admin.call<{ rotateWebhookSecret: { secret: string } }>(rotate, { id: webhook.id, grace: 0 })).data!.rotateWebhookSecret;
    target.trust(graced.secret, abrupt.secret);
    const afterSecond = target.requests.length;
    await admin.recordSteps(member, 1);
    await eventually(async () => target.requests.length > afterSecond);
    for (const request of target.requests.slice(afterSecond)) expect(request.verifiedWith).toEqual([abrupt.secret]);
  });

  it('should keep a healthy endpoint on time while another one times out (measured from commit)', async () => {
    const healthy = await endpoint();
    const poisoned = await endpoint();
    await poisoned.target.setMode({ answer: 'hang' });
    const members = Array.from({ length: 5 }, () => randomUUID());
    for (let round = 0; round < 4; round++) for (const member of members) await admin.recordSteps(member, 1);

    const committed = await allDelivered(healthy.target, members);
    for (const member of members) expect(healthy.target.deliveredByMember().get(member)).toEqual(committed.get(member));
    const latencies = healthy.target.delivered().map((request) => request.at - Date.parse(request.body.timestamp));
    const slowest = Math.max(...latencies);
    // Any wait on the poisoned endpoint would cost at least its 1 s timeout.
    expect(slowest).toBeLessThan(1000);
    expect(poisoned.target.delivered()).toHaveLength(0);
    expect(poisoned.target.requests.length).toBeGreaterThan(0);
  });

  it('should send nothing to a disabled endpoint or one of other journeys, and disable one after WEBHOOK_DISABLE_AFTER failed deliveries', async () => {
    const watched = await endpoint();
    const disabled = await endpoint();
    const careOnly = await endpoint({ journeys: ['care'] });
    const failing = await endpoint({ kinds: ['POINTS_AWARDED'] });
    const disable = await admin.call(`mutation($id: ID!) { disableWebhook(id: $id) { enabled disabledReason } }`, { id: disabled.webhook.id });
    expect(disable.data!.disableWebhook).toEqual({ enabled: false, disabledReason: 'disabled by an admin' });
    await failing.target.setMode({ answer: 'error' });
    const members = [randomUUID(), randomUUID(), randomUUID()];
    for (const member of members) await admin.recordSteps(member, 1);

    await allDelivered(watched.target, members);
    await eventually(async () => !(await admin.webhook(failing.webhook.id)).enabled, 30_000);
    expect(disabled.target.requests).toHaveLength(0);
    expect(careOnly.target.requests).toHaveLength(0);
    const auto = await admin.webhook(failing.webhook.id);
    expect(auto).toMatchObject({ enabled: false, failedDeliveries: 3, consecutiveFailures: 3, disabledReason: 'disabled after 3 consecutive failed deliveries' });
    const failed = await admin.deliveries(failing.webhook.id, 'FAILED');
    expect(failed).toHaveLength(3);
    for (const delivery of failed) expect(delivery.attemptLog.map((attempt) => attempt.statusCode)).toEqual(Array(12).fill(500));
    await eventually(async () => (await Scrape.of(node.url)).value('gamification_webhooks_auto_disabled_total', { webhook: failing.webhook.id }) === 1);

    // Fixed, re-enabled, and the failed deliveries sent again: one by id, then the rest by time.
    await failing.target.setMode({ answer: 'ok' });
    const enable = await admin.call(`mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: true }) { enabled consecutiveFailures } }`, { id: failing.webhook.id });
    expect(enable.data!.updateWebhook).toEqual({ enabled: true, consecutiveFailures: 0 });
    const redeliver = `mutation($id: ID!, $ids: [ID!], $since: DateTime) { redeliverWebhook(webhookId: $id, deliveryIds: $ids, since: $since) }`;
    expect((await admin.call(redeliver, { id: failing.webhook.id, ids: [failed[0].id] })).data!.redeliverWebhook).toBe(1);
    await eventually(async () => failing.target.delivered().length === 1);
    expect(failing.target.delivered()[0].webhookId).toBe(failed[0].id);
    expect((await admin.call(redeliver, { id: failing.webhook.id, since: new Date(Date.now() - 60_000).toISOString() })).data!.redeliverWebhook).toBe(3);
    await eventually(async () => (await admin.deliveries(failing.webhook.id, 'DELIVERED')).length === 3);
    expect(disabled.target.requests).toHaveLength(0);

    const unknown = await admin.call(redeliver, { id: failing.webhook.id, ids: ['999999999'] });
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryIds' });
  });

  it.each([
    ['a link-local address', 'https://169.254.10.1/hook'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a metadata host name', 'https://metadata.google.internal/computeMetadata/v1/'],
    ['plain http to a host not allowed', 'http://example.com/hook'],
    ['an IPv6 link-local address', 'https://[fe80::1]/hook'],
    ['a host that resolves to loopback', 'https://localhost/hook'],
    ['another scheme', 'ftp://example.com/hook'],
    ['credentials in the URL', 'https://user:password@example.com/hook'],
    ['text that is no URL', 'not a url'],
  ])('should refuse %s with BAD_USER_INPUT naming url', async (_, url) => {
    const response = await admin.call(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, { input: { url, kinds: ALL_KINDS } });
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect((await admin.call<{ webhooks: unknown[] }>(`{ webhooks { id } }`)).data!.webhooks).toEqual([]);
  });

  it('should refuse an unsafe URL on update too, and leave the endpoint as it was', async () => {
    const { webhook } = await endpoint();
    const response = await admin.call(`mutation($id: ID!) { updateWebhook(id: $id, input: { url: "https://169.254.169.254/" }) { url } }`, { id: webhook.id });
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect((await admin.webhook(webhook.id)).url).toBe(webhook.url);
  });

  it('should let only admins manage webhooks or read deliveries', async () => {
    const { webhook } = await endpoint();
    const member = randomUUID();
    for (const token of [await userToken(member), await serviceToken()]) {
      for (const [query, variables] of [
        [`{ webhooks { id } }`, {}],
        [`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`, { input: { url: 'https://example.com/hook', kinds: ALL_KINDS } }],
        [`query($id: ID!) { webhookDeliveries(webhookId: $id) { id } }`, { id: webhook.id }],
        [`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id }],
      ] as const) {
        const response = await graphql(node.url, query, variables, token);
        expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
      }
    }
  });
});
