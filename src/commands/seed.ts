import { DEMO_USER_ID } from '../app/auth-setup';
import { createRuntime } from '../app/runtime';
import { EventType } from '../contract';
import { createTestEvent } from '../kit';
import type { AppConfig } from '../platform/config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A week in the life of the demo member: walks every day, a device, a booking, a claim. */
function demoEvents(now: Date) {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
  const events = [
    createTestEvent(EventType.USER_REGISTERED, { id: 'seed-registered', timestamp: at(7) }),
    createTestEvent(EventType.PROFILE_COMPLETED, { id: 'seed-profile', timestamp: at(7), data: { completionPercentage: 100 } }),
    createTestEvent(EventType.DEVICE_CONNECTED, { id: 'seed-device', timestamp: at(7) }),
    ...[7, 6, 5, 4, 3, 2, 1].map((daysAgo) =>
      createTestEvent(EventType.HEALTH_METRIC_RECORDED, {
        id: `seed-steps-${daysAgo}`,
        timestamp: at(daysAgo),
        data: { metricType: 'STEPS' as never, value: 8000 + daysAgo * 700, unit: 'steps' },
      }),
    ),
    createTestEvent(EventType.APPOINTMENT_BOOKED, { id: 'seed-booking', timestamp: at(2) }),
    createTestEvent(EventType.CLAIM_SUBMITTED, { id: 'seed-claim', timestamp: at(1) }),
  ];
  return events.map((event) => ({ ...event, userId: DEMO_USER_ID }));
}

/** `seed`: record the demo member's week through the engine as a back end would (idempotent: safe to run twice). */
export async function seed(config: AppConfig): Promise<void> {
  const runtime = await createRuntime(config, 'seed');
  try {
    const outcomes = await runtime.engine.process(demoEvents(new Date()).map((raw) => ({ raw, fallbackId: raw.id as string, producer: 'service' as const })));
    const processed = outcomes.filter((outcome) => outcome.status === 'processed');
    const last = outcomes.at(-1);
    const total = last && (last.status === 'processed' || last.status === 'duplicate') ? last.result.totalPoints : 0;
    process.stdout.write(`seeded demo member ${DEMO_USER_ID}: ${processed.length} new events, ${outcomes.length - processed.length} already there, ${total} points\n`);
  } finally {
    await runtime.close();
  }
}
