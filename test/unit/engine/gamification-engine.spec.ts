import { DatabaseError } from '../../../src/errors';
import { GamificationEngine, type EventInput, type ProcessOutcome } from '../../../src/engine/gamification-engine';
import { createTestEvent, EventType } from '../../../src/kit';
import { InMemoryEngineStore } from '../../support/in-memory-engine-store';
import { gameFrom } from './game-fixture';

const ALICE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const BOB = '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e';
const NOW = new Date('2026-03-10T12:00:00Z');

const game = gameFrom(`
levels: [0, 25]
rules:
  - { id: walk, event: HEALTH_METRIC_RECORDED, points: 10 }
achievements:
  - { key: two-walks, title: Two walks, event: HEALTH_METRIC_RECORDED, count: 2, points: 5 }
`);

function engineOn(store: InMemoryEngineStore): GamificationEngine {
  return new GamificationEngine(
    store,
    { current: () => game, forTransaction: async () => game },
    {
      timeZone: 'UTC',
      maxPayloadBytes: 64 * 1024,
      maxFutureSkewMs: 5 * 60 * 1000,
      maxEventAgeMs: { member: 72 * 3600 * 1000, service: 30 * 24 * 3600 * 1000 },
      now: () => NOW,
    },
  );
}

/** A walk of `value` steps by `userId`, recorded with id `id` (the same arguments give the same content). */
function walk(id: string, { value = 1000, userId = ALICE, hour = 8 }: { value?: number; userId?: string; hour?: number } = {}): EventInput {
  const timestamp = `2026-03-09T${String(hour).padStart(2, '0')}:00:00Z`;
  const raw = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { id, userId, timestamp, data: { metricType: 'STEPS', value, unit: 'steps', timestamp } as never });
  return { raw, fallbackId: `fallback-${id}`, producer: 'service' };
}

/** An event the contract refuses (no userId). */
function invalid(id: string): EventInput {
  const { raw } = walk(id);
  return { raw: { ...(raw as object), userId: undefined }, fallbackId: `fallback-${id}`, producer: 'service' };
}

const statuses = (outcomes: ProcessOutcome[]) => outcomes.map((outcome) => outcome.status);
const errorCodes = (outcomes: ProcessOutcome[]) => outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.error.code : null));
const committedIds = (store: InMemoryEngineStore) => store.tables.events.map((event) => event.id);

interface BatchCase {
  name: string;
  /** Batches processed before (their outcomes are not checked). */
  before?: EventInput[][];
  erased?: string[];
  batch: EventInput[];
  statuses: ProcessOutcome['status'][];
  codes?: (string | null)[];
  /** Event ids in the event store after the batch, in commit order (earlier batches included). */
  committed: string[];
  /** Transactions the batch itself opened. */
  transactions: number;
}

const batchCases: BatchCase[] = [
  {
    name: 'new events of two members: each processed, outcomes in input order, one transaction',
    batch: [walk('a1'), walk('b1', { userId: BOB }), walk('a2', { hour: 9 })],
    statuses: ['processed', 'processed', 'processed'],
    committed: ['a1', 'b1', 'a2'],
    transactions: 1,
  },
  {
    name: 'an id repeated in the batch with the same content: the repeat is a duplicate',
    batch: [walk('a1'), walk('a1')],
    statuses: ['processed', 'duplicate'],
    committed: ['a1'],
    transactions: 1,
  },
  {
    name: 'an id repeated in the batch with other content: the repeat is an idempotency conflict',
    batch: [walk('a1'), walk('a1', { value: 2000 })],
    statuses: ['processed', 'rejected'],
    codes: [null, 'IDEMPOTENCY_CONFLICT'],
    committed: ['a1'],
    transactions: 1,
  },
  {
    name: 'an id another batch processed: a duplicate, nothing written again',
    before: [[walk('a1')]],
    batch: [walk('a1')],
    statuses: ['duplicate'],
    committed: ['a1'],
    transactions: 1,
  },
  {
    name: 'an id another batch processed with other content: an idempotency conflict',
    before: [[walk('a1')]],
    batch: [walk('a1', { value: 2000 })],
    statuses: ['rejected'],
    codes: ['IDEMPOTENCY_CONFLICT'],
    committed: ['a1'],
    transactions: 1,
  },
  {
    name: 'the same id for two members: two events (ids are per member)',
    batch: [walk('same'), walk('same', { userId: BOB })],
    statuses: ['processed', 'processed'],
    committed: ['same', 'same'],
    transactions: 1,
  },
  {
    name: 'invalid events between valid ones: rejected, the valid ones commit',
    batch: [walk('a1'), invalid('x'), walk('a2', { hour: 9 })],
    statuses: ['processed', 'rejected', 'processed'],
    codes: [null, 'BAD_USER_INPUT', null],
    committed: ['a1', 'a2'],
    transactions: 1,
  },
  {
    name: 'only invalid events: all rejected, no transaction opened',
    batch: [invalid('x'), invalid('y')],
    statuses: ['rejected', 'rejected'],
    codes: ['BAD_USER_INPUT', 'BAD_USER_INPUT'],
    committed: [],
    transactions: 0,
  },
  {
    name: "an erased member's event: dropped, the others commit",
    erased: [BOB],
    batch: [walk('b1', { userId: BOB }), walk('a1')],
    statuses: ['dropped', 'processed'],
    committed: ['a1'],
    transactions: 1,
  },
];

describe('GamificationEngine.process', () => {
  it.each(batchCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const store = new InMemoryEngineStore();
    const engine = engineOn(store);
    for (const batch of c.before ?? []) await engine.process(batch);
    for (const userId of c.erased ?? []) store.erase(userId);
    const transactionsBefore = store.transactions;

    const outcomes = await engine.process(c.batch);

    expect(statuses(outcomes)).toEqual(c.statuses);
    if (c.codes) expect(errorCodes(outcomes)).toEqual(c.codes);
    expect(committedIds(store)).toEqual(c.committed);
    expect(store.transactions - transactionsBefore).toBe(c.transactions);
  });

  it("should apply a member's events in input order, each result carrying the totals after it", async () => {
    const store = new InMemoryEngineStore();
    const outcomes = await engineOn(store).process([walk('a1'), walk('b1', { userId: BOB }), walk('a2', { hour: 9 }), walk('a3', { hour: 10 })]);
    const results = outcomes.map((outcome) =>
      outcome.status === 'processed' ? [outcome.event.userId, outcome.result.pointsAwarded, outcome.result.totalPoints, outcome.result.level] : outcome.status,
    );
    // Alice: 10 for the walk; the second walk also unlocks "two-walks" (+5) and reaches level 2 at 25 points.
    expect(results).toEqual([
      [ALICE, 10, 10, 1],
      [BOB, 10, 10, 1],
      [ALICE, 15, 25, 2],
      [ALICE, 10, 35, 2],
    ]);
    expect(store.totalsOf(ALICE)).toMatchObject({ totalPoints: 35, level: 2 });
    expect(store.totalsOf(BOB)).toMatchObject({ totalPoints: 10, level: 1 });
  });

  it('should answer a duplicate with the first result, marked duplicate', async () => {
    const store = new InMemoryEngineStore();
    const engine = engineOn(store);
    const [first] = await engine.process([walk('a1')]);
    const [repeat] = await engine.process([walk('a1')]);
    expect(first.status).toBe('processed');
    expect(repeat).toMatchObject({ status: 'duplicate', result: { ...(first as { result: object }).result, duplicate: true } });
    expect(store.totalsOf(ALICE)?.totalPoints).toBe(10);
  });

  const notificationCases: { name: string; batch: EventInput[]; kinds: string[] }[] = [
    { name: 'points for a processed event', batch: [walk('a1')], kinds: ['POINTS_AWARDED'] },
    {
      name: 'an unlock and a level reached, after their points',
      batch: [walk('a1'), walk('a2', { hour: 9 })],
      kinds: ['POINTS_AWARDED', 'POINTS_AWARDED', 'ACHIEVEMENT_UNLOCKED', 'LEVEL_UP'],
    },
    { name: 'nothing for a duplicate', batch: [walk('a1'), walk('a1')], kinds: ['POINTS_AWARDED'] },
    { name: 'nothing for a rejected event', batch: [invalid('x'), walk('a1'), walk('a1', { value: 2000 })], kinds: ['POINTS_AWARDED'] },
  ];

  it.each(notificationCases.map((c) => [c.name, c] as const))('should write notifications in the batch: %s', async (_name, c) => {
    const store = new InMemoryEngineStore();
    await engineOn(store).process(c.batch);
    expect(store.tables.outbox.map((notification) => notification.kind)).toEqual(c.kinds);
  });

  it("should write no notification for an erased member's event", async () => {
    const store = new InMemoryEngineStore();
    store.erase(BOB);
    await engineOn(store).process([walk('b1', { userId: BOB })]);
    expect(store.tables.outbox).toEqual([]);
    expect(store.totalsOf(BOB)).toBeUndefined();
  });

  it('should throw a classified error and commit nothing when the store fails, and process the batch on a retry', async () => {
    const store = new InMemoryEngineStore();
    const engine = engineOn(store);
    store.failNextPersist(new DatabaseError('connection lost', { retriable: true }));

    await expect(engine.process([walk('a1'), walk('b1', { userId: BOB })])).rejects.toMatchObject({ category: 'DATABASE', retriable: true });
    expect(committedIds(store)).toEqual([]);
    expect(store.totalsOf(ALICE)).toBeUndefined();

    expect(statuses(await engine.process([walk('a1'), walk('b1', { userId: BOB })]))).toEqual(['processed', 'processed']);
    expect(committedIds(store)).toEqual(['a1', 'b1']);
  });

  it('should use the fallback id for an event without one, so a redelivery is a duplicate', async () => {
    const store = new InMemoryEngineStore();
    const engine = engineOn(store);
    const withoutId = (): EventInput => {
      const { raw, producer } = walk('ignored');
      return { raw: { ...(raw as object), id: undefined }, fallbackId: 'health.events-0-42', producer };
    };
    const outcomes = [...(await engine.process([withoutId()])), ...(await engine.process([withoutId()]))];
    expect(statuses(outcomes)).toEqual(['processed', 'duplicate']);
    expect(committedIds(store)).toEqual(['health.events-0-42']);
  });
});
