import { GamificationEngine, type EventInput } from '../../../src/engine/gamification-engine';
import { MemberRecompute } from '../../../src/engine/member-recompute';
import { createTestEvent, EventType } from '../../../src/kit';
import { InMemoryEngineStore } from '../../support/in-memory-engine-store';
import { gameFrom } from './game-fixture';

const ALICE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NOW = new Date('2026-03-10T12:00:00Z');

const game = gameFrom(`
levels: [0, 100]
rules:
  - { id: booked, event: APPOINTMENT_BOOKED, points: 60 }
  - { id: steps, event: HEALTH_METRIC_RECORDED, points: 10 }
achievements:
  - { key: first-booking, title: First booking, event: APPOINTMENT_BOOKED, points: 50 }
retractions:
  - { event: APPOINTMENT_CANCELLED, retracts: APPOINTMENT_BOOKED, match: [data.appointmentId] }
holds:
  - { key: implausible, event: HEALTH_METRIC_RECORDED, when: { data.value: { $gt: 60000 } }, reason: Too many steps }
`);

const rules = { current: () => game, forTransaction: async () => game };
const options = { timeZone: 'UTC', maxPayloadBytes: 64 * 1024, maxFutureSkewMs: 300_000, maxEventAgeMs: { member: 72 * 3_600_000, service: 30 * 86_400_000 }, now: () => NOW };

function input(type: EventType, id: string, hour: number, data: Record<string, unknown>): EventInput {
  const raw = createTestEvent(type, {
    id,
    userId: ALICE,
    timestamp: `2026-03-09T${String(hour).padStart(2, '0')}:00:00Z`,
    data: { ...createTestEvent(type).data, ...data } as never,
  });
  return { raw, fallbackId: id, producer: 'service' };
}
const booking = (id: string, appointmentId: string, hour: number) => input(EventType.APPOINTMENT_BOOKED, id, hour, { appointmentId });
const cancellation = (id: string, appointmentId: string, hour: number) => input(EventType.APPOINTMENT_CANCELLED, id, hour, { appointmentId });
const steps = (id: string, value: number, hour: number) => input(EventType.HEALTH_METRIC_RECORDED, id, hour, { metricType: 'STEPS', value, unit: 'steps' });

describe('the engine with corrections (in memory)', () => {
  it.each([
    ['in a later batch', [[booking('b1', 'apt-1', 8), booking('b2', 'apt-2', 9)], [cancellation('c1', 'apt-2', 10)]]],
    ['in the same batch', [[booking('b1', 'apt-1', 8), booking('b2', 'apt-2', 9), cancellation('c1', 'apt-2', 10)]]],
  ])('should retract the cancelled booking by the rules %s, keeping the other', async (_name, batches) => {
    const store = new InMemoryEngineStore();
    const engine = new GamificationEngine(store, rules, options);
    for (const batch of batches) await engine.process(batch);
    expect(store.totalsOf(ALICE)).toMatchObject({ totalPoints: 60 + 50, level: 2 });
    expect(store.tables.corrections).toEqual([expect.objectContaining({ eventId: 'b2', pointsDelta: -60, principal: 'rules', cause: 'RETRACTION' })]);
    expect(store.tables.statuses.get(`${ALICE}/b2`)).toBe('RETRACTED');
  });

  it('should hold an implausible reading with no effect, and count it once released by a recompute', async () => {
    const store = new InMemoryEngineStore();
    const engine = new GamificationEngine(store, rules, options);
    const [outcome] = await engine.process([steps('s1', 70_000, 8)]);
    expect(outcome).toMatchObject({ status: 'processed', result: { held: true, pointsAwarded: 0 } });
    expect(store.tables.statuses.get(`${ALICE}/s1`)).toBe('HELD');
    expect(store.tables.outbox).toEqual([]);
    await store.transaction(async (session) => {
      await session.markReviewed(ALICE, 's1', { status: 'ACCEPTED', by: 'admin', note: null, at: NOW });
      const { record } = await new MemberRecompute({ timeZone: 'UTC', now: () => NOW }).recomputeIn(
        session,
        ALICE,
        game,
        { cause: 'RELEASE', eventId: 's1', reason: 'checked', principal: 'admin', idempotencyKey: 'release:s1' },
        { write: true },
      );
      expect(record).toMatchObject({ pointsDelta: 10, totalPoints: 10 });
    });
    expect(store.totalsOf(ALICE)).toMatchObject({ totalPoints: 10 });
    expect(store.tables.outbox.map((notification) => notification.kind)).toEqual(['POINTS_AWARDED', 'CORRECTION_APPLIED']);
  });
});
