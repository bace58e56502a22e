import type { EventInput, ProcessOutcome } from '../../../src/engine/gamification-engine';
import { DatabaseError, NetworkError, ValidationError } from '../../../src/errors';
import { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { createLogger } from '../../../src/platform/logger';
import { Metrics } from '../../../src/platform/metrics';
import { createDatabaseBreaker, createRetryPolicy } from '../../../src/platform/resilience';
import { BatchIngestor } from '../../../src/kafka/batch-ingestor';
import { DatabaseGate } from '../../../src/kafka/database-gate';
import type { DeadLetter } from '../../../src/kafka/dead-letter';
import { decodeMessage } from '../../../src/kafka/incoming-event';

const topics = new KafkaTopics('');
const logger = createLogger('silent');

/** Messages on health.events partition 0 at offsets 0, 1, 2... */
const messages = (...values: string[]) =>
  values.map((value, offset) => decodeMessage('health.events', 0, { offset: String(offset), key: Buffer.from('u'), value: Buffer.from(value) }));

const event = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, type: 'DEVICE_SYNCED', ...extra });

/** A stand-in engine: rejects events marked `invalid`, drops those marked `erased`, throws `failure` for a batch holding an event marked `poison`. */
function fakeEngine(failure: Error) {
  const batches: string[][] = [];
  const process = async (inputs: readonly EventInput[]): Promise<ProcessOutcome[]> => {
    const raws = inputs.map((input) => input.raw as Record<string, unknown>);
    batches.push(raws.map((raw) => String(raw.id)));
    if (raws.some((raw) => raw.poison)) throw failure;
    return raws.map((raw) => {
      if (raw.invalid) return { status: 'rejected', error: new ValidationError('data.value', 'required') };
      return { status: raw.erased ? 'dropped' : raw.seen ? 'duplicate' : 'processed' } as ProcessOutcome;
    });
  };
  return { process, batches };
}

function ingestorWith(process: (inputs: readonly EventInput[]) => Promise<ProcessOutcome[]>) {
  const metrics = new Metrics({ defaultMetrics: false });
  const gate = new DatabaseGate(
    createRetryPolicy('database', { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1, factor: 2 }, metrics),
    createDatabaseBreaker({ consecutiveFailures: 100, halfOpenAfterMs: 10, maxHalfOpenAfterMs: 10 }, metrics, logger),
    5,
    logger,
  );
  const published: DeadLetter[][] = [];
  const ingestor = new BatchIngestor(process, gate, { publish: async (letters) => void published.push([...letters]) }, topics, () => new Date('2026-11-26T10:00:00Z'));
  return { ingestor, published };
}

const alive = async () => true;

describe(BatchIngestor.name, () => {
  it('should commit the valid events in one engine call, dead-letter the invalid ones at once, without retries, and count the dropped ones', async () => {
    const engine = fakeEngine(new Error('unused'));
    const { ingestor, published } = ingestorWith(engine.process);
    const result = await ingestor.ingest(messages(event('a'), 'not json', event('b', { invalid: true }), event('c', { seen: true }), event('d', { erased: true })), alive);
    expect(result).toEqual({ status: 'settled', processed: 1, duplicates: 1, dropped: 1, deadLettered: 2 });
    expect(engine.batches).toEqual([['a', 'b', 'c', 'd']]);
    expect(published).toHaveLength(1);
    expect(published[0].map((letter) => [letter.topic, letter.message.source.offset, letter.message.error.category, letter.message.retryCount])).toEqual([
      ['health.events.dlq', '1', 'VALIDATION', 0],
      ['health.events.dlq', '2', 'VALIDATION', 0],
    ]);
  });

  it('should split a failing batch until only the event that fails is dead-lettered, keeping the order of the rest', async () => {
    const failure = new DatabaseError('value too long for type character varying(200)', { retriable: false, sqlState: '22001' });
    const engine = fakeEngine(failure);
    const { ingestor, published } = ingestorWith(engine.process);
    const result = await ingestor.ingest(messages(event('a'), event('b'), event('c', { poison: true }), event('d'), event('e')), alive);
    expect(result).toEqual({ status: 'settled', processed: 4, duplicates: 0, dropped: 0, deadLettered: 1 });
    const committed = engine.batches.filter((batch) => !batch.includes('c')).flat();
    expect(committed).toEqual(['a', 'b', 'd', 'e']);
    expect(published[0]).toEqual([
      expect.objectContaining({ topic: 'health.events.dlq', message: expect.objectContaining({ error: expect.objectContaining({ category: 'DATABASE', name: 'DatabaseError' }), retryCount: 0 }) }),
    ]);
  });

  it('should dead-letter, after its retries, an event that keeps failing transiently while the events around it commit', async () => {
    const engine = fakeEngine(new DatabaseError('deadlock detected', { sqlState: '40P01' }));
    const { ingestor, published } = ingestorWith(engine.process);
    const result = await ingestor.ingest(messages(event('a'), event('x', { poison: true }), event('b')), alive);
    expect(result).toEqual({ status: 'settled', processed: 2, duplicates: 0, dropped: 0, deadLettered: 1 });
    expect(published[0].map((letter) => letter.message)).toEqual([
      expect.objectContaining({ originalEvent: expect.objectContaining({ id: 'x' }), retryCount: 1, error: expect.objectContaining({ category: 'DATABASE' }) }),
    ]);
  });

  it.each([
    ['alone', [event('x', { poison: true })], 0],
    ['first, with valid events of other members behind it', [event('x', { poison: true }), event('b'), event('c')], 2],
  ])('should dead-letter at once, never hold, an event whose values PostgreSQL refuses (%s)', async (_label, values, processed) => {
    const engine = fakeEngine(new DatabaseError('unsupported Unicode escape sequence', { sqlState: '22P05', retriable: false, refusedInput: true }));
    const { ingestor, published } = ingestorWith(engine.process);
    let pauses = 0;
    const result = await ingestor.ingest(messages(...values), async () => ++pauses < 3);
    expect(result).toEqual({ status: 'settled', processed, duplicates: 0, dropped: 0, deadLettered: 1 });
    expect(pauses).toBe(0);
    expect(published[0].map((letter) => letter.message)).toEqual([
      expect.objectContaining({ originalEvent: expect.objectContaining({ id: 'x' }), retryCount: 0, error: expect.objectContaining({ category: 'DATABASE', name: 'DatabaseError' }) }),
    ]);
  });

  it('should hold, not dead-letter, events that all fail the same non-transient way (the system is broken, not the events)', async () => {
    const { ingestor, published } = ingestorWith(async () => {
      throw new DatabaseError('column "journey" of relation "points_ledger" does not exist', { retriable: false, sqlState: '42703' });
    });
    let pauses = 0;
    const result = await ingestor.ingest(messages(event('a'), event('b'), event('c')), async () => ++pauses < 3);
    expect(result).toEqual({ status: 'stopped' });
    expect(published).toEqual([]);
  });

  it('should hold, never dead-letter, events that fail transiently while nothing succeeds (an outage), and settle nothing when stopped', async () => {
    let calls = 0;
    const { ingestor, published } = ingestorWith(async () => {
      calls++;
      throw new NetworkError('connect ECONNREFUSED', { systemCode: 'ECONNREFUSED' });
    });
    let pauses = 0;
    const result = await ingestor.ingest(messages(event('a'), event('b'), 'not json'), async () => ++pauses < 5);
    expect(result).toEqual({ status: 'stopped' });
    expect(pauses).toBe(5);
    expect(calls).toBeLessThan(20);
    expect(published).toEqual([]);
  });
});
