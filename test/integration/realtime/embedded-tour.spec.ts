import { rmSync } from 'node:fs';
import type { Client } from 'graphql-ws';
import { createTestEvent, EventType } from '../../../src/kit';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { ACHIEVEMENT_UNLOCKED, collect, untilSubscribed, wsClient } from '../../support/subscriptions';

jest.setTimeout(90_000);

/**
 * The README's 5-minute tour: `npm start` with no configuration (embedded PostgreSQL, in-process
 * pub/sub, a generated development secret) prints tokens, and an app subscribed with the demo
 * member's token sees its achievement live.
 */
describe('the embedded default with its printed development tokens', () => {
  let dataDir: string | undefined;
  let api: SpawnedProcess & { url: string };
  let client: Client | undefined;

  beforeAll(async () => {
    dataDir = await embeddedDataDir('gamification-tour-');
    // No JWT_SECRET: the development secret; a poll interval far away: only the in-process wake can deliver quickly.
    api = await spawnApi({ DATA_DIR: dataDir, JWT_SECRET: '', PRINT_DEV_TOKENS: 'true', OUTBOX_POLL_INTERVAL_MS: '60000' });
    await api.waitFor(/service:\n\s+\S+/);
  });

  afterAll(async () => {
    await client?.dispose();
    await api?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should deliver the demo member its achievement live, with the printed tokens', async () => {
    const [, demoUserId, userToken] = /demo member ([0-9a-f-]{36}):\s+(\S+)/.exec(api.output()) ?? [];
    const [, adminToken] = /admin:\s+(\S+)/.exec(api.output()) ?? [];
    expect(demoUserId).toBeDefined();

    client = wsClient(api.url, userToken);
    const achievements = collect<{ eventId: string; userId: string; achievement: { key: string; title: string } }>(
      client,
      ACHIEVEMENT_UNLOCKED,
      { userId: demoUserId },
      'achievementUnlocked',
    );
    await untilSubscribed(api.url, 'achievementUnlocked');

    const event = { ...createTestEvent(EventType.DEVICE_CONNECTED, { userId: demoUserId }), version: undefined, timestamp: undefined };
    const started = Date.now();
    const recorded = await graphql(api.url, RECORD_EVENT, { event }, userToken);
    expect(recorded.errors).toBeUndefined();
    const [unlocked] = await achievements.waitFor(1, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(unlocked).toMatchObject({ eventId: event.id, userId: demoUserId, achievement: { key: 'connected', title: 'Connected' } });

    const profile = await graphql(api.url, `query P($userId: ID!) { profile(userId: $userId) { totalPoints } }`, { userId: demoUserId }, adminToken);
    expect(profile.data?.profile).toEqual({ totalPoints: 45 });
  });
});
