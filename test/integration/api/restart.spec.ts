import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createTestEvent, EventType } from '../../../src/kit';
import { embeddedDataDir } from '../../support/embedded-data-dir';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { spawnApi } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { userToken } from '../../support/tokens';

const STATE = `query($u: ID!) {
  profile(userId: $u) { totalPoints level }
  achievements(userId: $u) { achievement { key } progress unlocked }
}`;

/** Records three metrics, restarts the process, and checks state and idempotency survived. */
async function playAcrossRestart(env: Record<string, string>): Promise<void> {
  const userId = randomUUID();
  const token = await userToken(userId);
  const events = [1, 2, 3].map((day) => {
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, {
      userId,
      timestamp: new Date(Date.now() - (3 - day) * 86_400_000 - 60_000).toISOString(),
      data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never,
    });
    return { id: event.id, type: event.type, userId, timestamp: event.timestamp, data: event.data };
  });

  const first = await spawnApi(env);
  let before;
  try {
    for (const event of events.slice(0, 2)) expect((await graphql(first.url, RECORD_EVENT, { event }, token)).errors).toBeUndefined();
    before = (await graphql(first.url, STATE, { u: userId }, token)).data;
  } finally {
    expect(await first.stop()).toBe(0);
  }

  const second = await spawnApi(env);
  try {
    expect((await graphql(second.url, STATE, { u: userId }, token)).data).toEqual(before);
    const replay = await graphql(second.url, RECORD_EVENT, { event: events[1] }, token);
    expect(replay.data?.recordEvent).toMatchObject({ duplicate: true, totalPoints: 60 });
    const third = await graphql(second.url, RECORD_EVENT, { event: events[2] }, token);
    // 35 (with the first-steps bonus) + 25 before the restart; 5 (metric) + 20 (10k steps) now.
    expect(third.data?.recordEvent).toMatchObject({ duplicate: false, pointsAwarded: 25, totalPoints: 85 });
  } finally {
    expect(await second.stop()).toBe(0);
  }
}

describe('state across a restart', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('restart');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should survive a restart on PostgreSQL', async () => {
    await playAcrossRestart({ DATABASE_URL: database.url });
  });

  it('should survive a restart on the embedded PostgreSQL (PGlite under DATA_DIR)', async () => {
    const dataDir = await embeddedDataDir('gamification-embedded-');
    try {
      await playAcrossRestart({ DATA_DIR: dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
