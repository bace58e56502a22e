import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createTestEvent, EventType } from '../../../src/kit';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { eventually, spawnApi, type SpawnedProcess } from '../../support/spawn-process';
import { serviceToken, TEST_JWT_SECRET } from '../../support/tokens';

jest.setTimeout(120_000);

/**
 * The embedded database (`npm start` without DATABASE_URL) is one PGlite session shared by the
 * engine and the relay: the relay's statements, the vacuum of its queue included, take turns
 * with the engine's transactions. Enough events that the relay vacuums its queue several times.
 */
describe('the outbox relay on the embedded database', () => {
  let dataDir: string | undefined;
  let api: SpawnedProcess & { url: string };

  beforeAll(async () => {
    dataDir = await embeddedDataDir('gamification-embedded-relay-');
    api = await spawnApi({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, RECORD_EVENT_RATE_LIMIT: '0', LOG_LEVEL: 'info', OUTBOX_BATCH_SIZE: '200' });
  });

  afterAll(async () => {
    await api?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should relay thousands of notifications with no relay failure and leave no backlog', async () => {
    const token = await serviceToken();
    const members = Array.from({ length: 4_500 }, () => randomUUID());
    let next = 0;
    const recordNext = async (): Promise<void> => {
      for (let index = next++; index < members.length; index = next++) {
        const event = createTestEvent(EventType.DEVICE_CONNECTED, { userId: members[index] });
        const recorded = await graphql<{ recordEvent: { pointsAwarded: number } }>(api.url, RECORD_EVENT, { event }, token);
        expect(recorded.errors).toBeUndefined();
        expect(recorded.data?.recordEvent.pointsAwarded).toBeGreaterThan(0);
      }
    };
    await Promise.all(Array.from({ length: 16 }, recordNext));

    const published = await eventually(async () => {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const count = (kind: string) => Number(new RegExp(`gamification_notifications_published_total\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return count('POINTS_AWARDED') >= members.length && /^gamification_outbox_backlog 0$/m.test(text) && count;
    }, 60_000, 250);
    expect(published('POINTS_AWARDED')).toBe(members.length);
    expect(api.output()).not.toContain('outbox relay failed');
  });
});
