import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { adminToken, serviceToken } from '../../support/tokens';
import { WebhookReceiver } from '../../support/webhook-receiver';
import { committedNotificationIds, WebhookAdminClient } from './webhook-fixture';

jest.setTimeout(120_000);

const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '500',
  WEBHOOK_TIMEOUT_MS: '30000',
  RECORD_EVENT_RATE_LIMIT: '0',
};

/** Each member's notification ids in first-arrival order (a re-sent delivery may arrive twice: at least once). */
function firstArrivals(receiver: WebhookReceiver): Map<string, string[]> {
  return new Map([...receiver.deliveredByMember()].map(([member, ids]) => [member, [...new Set(ids)]]));
}

describe('webhooks across a crash and on the embedded database', () => {
  const processes: SpawnedProcess[] = [];
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((spawned) => spawned.stop('SIGKILL')));
    await receiver.stop();
  });

  async function start(env: Record<string, string>) {
    const api = await spawnApi({ ...WEBHOOK_ENV, ...env });
    processes.push(api);
    return api;
  }

  it('should lose nothing when the dispatching process is killed with requests in flight', async () => {
    const database: TestDatabase = await createTestDatabase('webhook_crash');
    try {
      const first = await start({ DATABASE_URL: database.url });
      const admin = new WebhookAdminClient(first.url, await adminToken(), await serviceToken());
      const kinds = ['POINTS_AWARDED', 'ACHIEVEMENT_UNLOCKED', 'LEVEL_UP'];
      const webhook = await admin.create({ url: receiver.url, kinds });
      receiver.trust(webhook.secret!);
      await receiver.setMode({ answer: 'hang' });
      const members = Array.from({ length: 4 }, () => randomUUID());
      await Promise.all(members.map((member) => admin.recordSteps(member, 3)));
      // Killed once requests hang in flight (the round that sent them cannot finish; later members may still wait in the queue).
      await eventually(async () => receiver.requests.length > 0);

      await first.stop('SIGKILL');
      await receiver.setMode({ answer: 'ok' });
      const second = await start({ DATABASE_URL: database.url });
      const committed = new Map<string, string[]>();
      for (const member of members) committed.set(member, await committedNotificationIds(second.url, await adminToken(), member, kinds));
      await eventually(async () => members.every((member) => firstArrivals(receiver).get(member)?.length === committed.get(member)!.length), 30_000);

      expect(firstArrivals(receiver)).toEqual(committed);
      expect(receiver.requests.every((request) => request.verifiedWith.length === 1)).toBe(true);
      const secondAdmin = new WebhookAdminClient(second.url, await adminToken(), await serviceToken());
      await eventually(async () => (await secondAdmin.deliveries(webhook.id)).every((delivery) => delivery.status === 'DELIVERED'));
    } finally {
      await Promise.all(processes.splice(0).map((spawned) => spawned.stop('SIGKILL')));
      await database.drop();
    }
  });

  it('should deliver in order, signed, on the embedded database (no configuration but the allowed host)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gamification-webhooks-'));
    try {
      const api = await start({ DATA_DIR: dataDir });
      const admin = new WebhookAdminClient(api.url, await adminToken(), await serviceToken());
      const kinds = ['POINTS_AWARDED', 'ACHIEVEMENT_UNLOCKED'];
      const webhook = await admin.create({ url: receiver.url, kinds, journeys: ['health'] });
      receiver.trust(webhook.secret!);
      const member = randomUUID();
      await admin.recordSteps(member, 4);
      const committed = await committedNotificationIds(api.url, await adminToken(), member, kinds);
      await eventually(async () => receiver.delivered().length === committed.length);
      expect(receiver.deliveredByMember().get(member)).toEqual(committed);
      expect(receiver.requests.every((request) => request.verifiedWith.length === 1)).toBe(true);
    } finally {
      await Promise.all(processes.splice(0).map((spawned) => spawned.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
