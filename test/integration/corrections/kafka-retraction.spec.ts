import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import { startWorkerFixture, type WorkerFixture } from '../../support/kafka-harness';
import { eventually } from '../../support/spawn-process';

jest.setTimeout(60_000);

/** The default rules: APPOINTMENT_CANCELLED retracts the booking with the same appointmentId (docs/corrections.md). */
describe('a rules-driven retraction through Kafka', () => {
  let fixture: WorkerFixture;

  beforeAll(async () => {
    fixture = await startWorkerFixture('retraction');
  });

  afterAll(() => fixture?.stop());

  const appointment = (type: EventType.APPOINTMENT_BOOKED | EventType.APPOINTMENT_CANCELLED, userId: string, appointmentId: string, minutesAgo: number) =>
    createTestEvent(type, { userId, timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(), data: { ...createTestEvent(type).data, appointmentId } });

  it('should take back what the cancelled booking earned, in the worker, and keep the other booking', async () => {
    const userId = randomUUID();
    const care = fixture.topics.source('care');
    const [kept, cancelledId] = [randomUUID(), randomUUID()];
    const bookings = [appointment(EventType.APPOINTMENT_BOOKED, userId, kept, 30), appointment(EventType.APPOINTMENT_BOOKED, userId, cancelledId, 20)];
    const cancellation = appointment(EventType.APPOINTMENT_CANCELLED, userId, cancelledId, 10);
    for (const event of [...bookings, cancellation]) await fixture.producer.sendOne(care, { key: userId, value: event });

    const correction = await eventually(async () => {
      const [row] = await fixture.database.query<{ event_id: string; principal: string; points_delta: number; total_points: number }>(
        `SELECT event_id, principal, points_delta, total_points FROM corrections WHERE user_id = $1`, [userId]);
      return row;
    }, 30_000);
    // Default rules: a booking earns 10 (appointment-booked), the first also 10 (care-starter): the second booking's 10 go.
    expect(correction).toEqual({ event_id: bookings[1].id, principal: 'rules', points_delta: -10, total_points: 20 });
    const [profile] = await fixture.database.query<{ total_points: number }>(`SELECT total_points FROM profiles WHERE user_id = $1`, [userId]);
    expect(profile.total_points).toBe(20);
    const statuses = await fixture.database.query<{ event_id: string; status: string }>(`SELECT event_id, status FROM events WHERE user_id = $1 ORDER BY occurred_at`, [userId]);
    expect(statuses).toEqual([
      { event_id: bookings[0].id, status: 'ACCEPTED' }, { event_id: bookings[1].id, status: 'RETRACTED' }, { event_id: cancellation.id, status: 'ACCEPTED' },
    ]);
  });
});
