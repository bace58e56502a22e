import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import type { BaseEvent } from '../../../src/contract';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { Scrape } from '../../support/prometheus-text';
import { eventually } from '../../support/spawn-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken } from '../../support/tokens';

jest.setTimeout(60_000);

const FROM_API = { source: 'api' };

describe('Prometheus metrics at /metrics', () => {
  let database: TestDatabase;
  let api: ApiNode;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase('metrics');
    api = await startTestApi({ databaseUrl: database.url, env: { OUTBOX_POLL_INTERVAL_MS: '50' } });
    token = await serviceToken();
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  function record(event: BaseEvent) {
    const { id, type, userId, journey, timestamp, data } = event;
    return graphql(api.url, RECORD_EVENT, { event: { id, type, userId, journey, timestamp, data } }, token);
  }

  it('should move every event counter by exactly what was recorded through GraphQL', async () => {
    const before = await Scrape.of(api.url);
    const walker = randomUUID();
    const walks = [1, 2, 3].map(() => createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: walker }));
    const bookings = [1, 2].map(() => createTestEvent(EventType.APPOINTMENT_BOOKED));
    const unknownType = { ...createTestEvent(EventType.DAILY_LOGIN), type: 'NOT_A_TYPE' };
    const missingField = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { metricType: undefined } });

    for (const event of [...walks, ...bookings, walks[0]]) expect((await record(event)).errors).toBeUndefined();
    for (const event of [unknownType, missingField]) expect((await record(event)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const after = await Scrape.of(api.url);
    const health = { ...FROM_API, journey: 'health', type: EventType.HEALTH_METRIC_RECORDED };
    const care = { ...FROM_API, journey: 'care', type: EventType.APPOINTMENT_BOOKED };
    const invalid = { ...FROM_API, journey: 'unknown', type: 'invalid' };
    expect({
      healthReceived: after.delta(before, 'gamification_events_received_total', health),
      healthProcessed: after.delta(before, 'gamification_events_processed_total', { ...health, outcome: 'processed' }),
      healthDuplicate: after.delta(before, 'gamification_events_processed_total', { ...health, outcome: 'duplicate' }),
      healthRejected: after.delta(before, 'gamification_events_processed_total', { ...health, outcome: 'rejected' }),
      careReceived: after.delta(before, 'gamification_events_received_total', care),
      careProcessed: after.delta(before, 'gamification_events_processed_total', { ...care, outcome: 'processed' }),
      invalidReceived: after.delta(before, 'gamification_events_received_total', invalid),
      invalidRejected: after.delta(before, 'gamification_events_processed_total', { ...invalid, outcome: 'rejected' }),
      healthValidationErrors: after.delta(before, 'gamification_errors_total', { ...FROM_API, category: 'VALIDATION', journey: 'health', type: EventType.HEALTH_METRIC_RECORDED }),
      invalidValidationErrors: after.delta(before, 'gamification_errors_total', { ...FROM_API, category: 'VALIDATION', journey: 'unknown', type: 'invalid' }),
      eventsThroughTheEngine: after.delta(before, 'gamification_batch_size_sum', FROM_API),
      usersAffected: after.value('gamification_users_affected'),
    }).toEqual({
      healthReceived: 5,
      healthProcessed: 3,
      healthDuplicate: 1,
      healthRejected: 1,
      careReceived: 2,
      careProcessed: 2,
      invalidReceived: 1,
      invalidRejected: 1,
      healthValidationErrors: 1,
      invalidValidationErrors: 1,
      eventsThroughTheEngine: 8,
      usersAffected: 2,
    });
    const batches = after.delta(before, 'gamification_batch_size_count', FROM_API);
    expect(after.delta(before, 'gamification_event_processing_seconds_count', FROM_API)).toBe(batches);
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(after.delta(before, 'gamification_event_processing_seconds_bucket', { ...FROM_API, le: '+Inf' })).toBe(batches);
  });

  it('should count the notifications the outbox relay published and report an empty backlog', async () => {
    const before = await Scrape.of(api.url);
    const events = [1, 2, 3, 4].map(() => createTestEvent(EventType.APPOINTMENT_ATTENDED));
    for (const event of events) expect((await record(event)).errors).toBeUndefined();
    const after = await eventually(async () => {
      const scrape = await Scrape.of(api.url);
      return scrape.delta(before, 'gamification_notifications_published_total', { kind: 'POINTS_AWARDED' }) >= 4 && scrape;
    });
    expect(after.delta(before, 'gamification_notifications_published_total', { kind: 'POINTS_AWARDED' })).toBe(4);
    await eventually(async () => (await Scrape.of(api.url)).value('gamification_outbox_backlog') === 0);
  });

  it("should export the client library's process and Node.js metrics", async () => {
    const scrape = await Scrape.of(api.url);
    for (const name of ['gamification_process_cpu_user_seconds_total', 'gamification_process_resident_memory_bytes', 'gamification_nodejs_eventloop_lag_p99_seconds', 'gamification_nodejs_heap_size_used_bytes']) {
      expect({ name, exported: scrape.has(name) }).toEqual({ name, exported: true });
    }
  });
});
