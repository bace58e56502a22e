import {
  BaseEvent,
  CURRENT_SCHEMA_VERSION,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  EVENT_TYPES_BY_JOURNEY,
  EventType,
  InternalError,
  JOURNEYS,
  Journey,
  parseEvent,
  rawUserId,
  validateEvent,
  ValidationError,
} from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { rejection } from './rejection';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const USER_ID = '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a';

/** A valid health metric event at NOW, with envelope fields replaced by `overrides`. */
function metricEvent(overrides: Partial<Record<keyof BaseEvent, unknown>> = {}): Record<string, unknown> {
  return {
    ...createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: USER_ID, timestamp: NOW.toISOString() }),
    ...overrides,
  };
}

/** One type of each journey, with a journey it does not belong to. */
const MISMATCHES: ReadonlyArray<readonly [Journey, EventType, Journey]> = JOURNEYS.map((journey, index) => {
  const [type] = EVENT_TYPES_BY_JOURNEY[journey] as [EventType];
  return [journey, type, JOURNEYS[(index + 1) % JOURNEYS.length] as Journey] as const;
});

describe(parseEvent.name, () => {
  describe('the event itself', () => {
    it.each([
      ['a string', 'HEALTH_METRIC_RECORDED', 'string'],
      ['null', null, 'null'],
      ['undefined', undefined, 'undefined'],
      ['an array', [], 'array'],
      ['a number', 7, 'number'],
    ])('should reject %s', (_label, raw, received) => {
      const error = rejection(raw);
      expect(error.field).toBe('');
      expect(error.message).toBe(`event: expected an object, received ${received}`);
    });

    it('should return the normalised event', () => {
      const raw = metricEvent({ id: 'evt-1' });
      expect(parseEvent(raw, { now: NOW })).toEqual({
        id: 'evt-1',
        type: EventType.HEALTH_METRIC_RECORDED,
        userId: USER_ID,
        timestamp: NOW,
        journey: 'health',
        data: raw['data'],
        schemaVersion: CURRENT_SCHEMA_VERSION,
      });
    });

    it('should not mutate its input', () => {
      const raw = metricEvent({ journey: undefined, version: { schemaVersion: '1.0.0' } });
      const snapshot = structuredClone(raw);
      parseEvent(raw, { now: NOW });
      expect(raw).toEqual(snapshot);
    });

    it('should report every problem at once, the first one as the field', () => {
      const error = rejection({ type: 'NOPE', userId: 'abc', timestamp: 'yesterday', data: 'x' }, { now: NOW });
      expect(error.field).toBe('type');
      expect(error.issues.map((issue) => issue.field)).toEqual(['type', 'userId', 'timestamp', 'data']);
      expect(error.message).toMatch(/^type: .*; userId: .*; timestamp: .*; data: /);
    });
  });

  describe('type', () => {
    it.each([
      ['missing', undefined, 'type: is required'],
      ['null', null, 'type: is required'],
      ['a number', 3, 'type: expected an event type string, received number'],
    ])('should reject a type that is %s', (_label, type, message) => {
      expect(rejection(metricEvent({ type }), { now: NOW }).message).toBe(message);
    });

    it.each(['UNKNOWN_EVENT', 'health_metric_recorded', 'HEALTH_METRIC', ''])('should reject the unknown type %p', (type) => {
      const error = rejection(metricEvent({ type }), { now: NOW });
      expect(error.field).toBe('type');
      expect(error.message).toContain(`type: unknown event type ${JSON.stringify(type)}`);
      expect(error.message).toContain('HEALTH_METRIC_RECORDED, GOAL_CREATED');
    });
  });

  describe('userId', () => {
    it.each([
      'not-a-uuid',
      '',
      '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1',
      '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1aa',
      '7f3c9a521e4b4c8d9f2a6b5e4d3c2b1a',
      'g f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a',
      '{7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a}',
      '12345',
    ])('should reject the non-UUID userId %p', (userId) => {
      const error = rejection(metricEvent({ userId }), { now: NOW });
      expect(error.field).toBe('userId');
      expect(error.message).toBe(`userId: expected a UUID, received ${JSON.stringify(userId)}`);
    });

    it.each([
      ['missing', undefined, 'userId: is required'],
      ['a number', 42, 'userId: expected a UUID string, received number'],
    ])('should reject a userId that is %s', (_label, userId, message) => {
      expect(rejection(metricEvent({ userId }), { now: NOW }).message).toBe(message);
    });

    it.each([
      ['a v4 UUID', '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a', '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a'],
      ['a v7 UUID', '01890a5d-ac96-774b-bcce-b302099a8057', '01890a5d-ac96-774b-bcce-b302099a8057'],
      ['the nil UUID', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
      ['an upper-case UUID (lower-cased)', '7F3C9A52-1E4B-4C8D-9F2A-6B5E4D3C2B1A', '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a'],
    ])('should accept %s', (_label, userId, expected) => {
      expect(parseEvent(metricEvent({ userId }), { now: NOW }).userId).toBe(expected);
    });
  });

  describe('id', () => {
    it.each([
      ['absent', undefined, undefined],
      ['null', null, undefined],
      ['a UUID', '3b241101-e2bb-4255-8caf-4136c566a962', '3b241101-e2bb-4255-8caf-4136c566a962'],
      ['a Kafka-style id', 'health.events-3-18842', 'health.events-3-18842'],
      ['200 characters long', 'x'.repeat(200), 'x'.repeat(200)],
    ])('should accept an id that is %s', (_label, id, expected) => {
      const event = parseEvent(metricEvent({ id }), { now: NOW });
      expect(event.id).toBe(expected);
      if (expected === undefined) expect(Object.hasOwn(event, 'id')).toBe(false);
    });

    it.each([
      ['empty', '', 'id: must not be empty'],
      ['blank', '   ', 'id: must not be empty'],
      ['201 characters long', 'x'.repeat(201), 'id: must have at most 200 characters, received 201'],
      ['a number', 12, 'id: expected a string, received number'],
      ['an object', { value: 'x' }, 'id: expected a string, received object'],
    ])('should reject an id that is %s', (_label, id, message) => {
      const error = rejection(metricEvent({ id }), { now: NOW });
      expect(error.field).toBe('id');
      expect(error.message).toBe(message);
    });
  });

  describe('timestamp', () => {
    it.each([
      ['a Date', new Date('2025-06-15T11:00:00.000Z'), '2025-06-15T11:00:00.000Z'],
      ['an ISO string in UTC', '2025-06-15T11:00:00.000Z', '2025-06-15T11:00:00.000Z'],
      ['an ISO string with an offset', '2025-06-15T08:00:00-03:00', '2025-06-15T11:00:00.000Z'],
      ['an ISO string without offset (read as UTC)', '2025-06-15T11:00:00', '2025-06-15T11:00:00.000Z'],
      ['an ISO date', '2025-06-15', '2025-06-15T00:00:00.000Z'],
      ['far in the past', '2001-01-01T00:00:00Z', '2001-01-01T00:00:00.000Z'],
    ])('should accept %s', (_label, timestamp, expected) => {
      const event = parseEvent(metricEvent({ timestamp }), { now: NOW });
      expect(event.timestamp).toBeInstanceOf(Date);
      expect(event.timestamp.toISOString()).toBe(expected);
    });

    it('should copy a Date timestamp rather than keep the caller\'s object', () => {
      const timestamp = new Date('2025-06-15T11:00:00.000Z');
      expect(parseEvent(metricEvent({ timestamp }), { now: NOW }).timestamp).not.toBe(timestamp);
    });

    it.each([
      ['missing', undefined, 'timestamp: is required'],
      ['not a date', 'yesterday', 'timestamp: expected a valid ISO 8601 date, received "yesterday"'],
      ['an impossible date', '2025-02-30T00:00:00Z', 'timestamp: expected a valid ISO 8601 date, received "2025-02-30T00:00:00Z"'],
      ['an RFC 2822 date', 'Sun, 15 Jun 2025 11:00:00 GMT', 'timestamp: expected a valid ISO 8601 date, received "Sun, 15 Jun 2025 11:00:00 GMT"'],
      ['an invalid Date', new Date(Number.NaN), 'timestamp: expected a valid Date, received invalid Date'],
      ['epoch milliseconds', NOW.getTime(), 'timestamp: expected an ISO 8601 date string or a Date, received number'],
    ])('should reject a timestamp that is %s', (_label, timestamp, message) => {
      const error = rejection(metricEvent({ timestamp }), { now: NOW });
      expect(error.field).toBe('timestamp');
      expect(error.message).toBe(message);
    });

    it.each([
      ['now', 0],
      ['1 minute ahead', 60_000],
      ['exactly the default skew ahead', DEFAULT_MAX_FUTURE_SKEW_MS],
    ])('should accept a timestamp %s', (_label, aheadMs) => {
      const timestamp = new Date(NOW.getTime() + aheadMs).toISOString();
      expect(() => parseEvent(metricEvent({ timestamp }), { now: NOW })).not.toThrow();
    });

    it.each([
      ['1 ms beyond the default skew', DEFAULT_MAX_FUTURE_SKEW_MS + 1],
      ['an hour ahead', 3_600_000],
      ['a year ahead', 365 * 86_400_000],
    ])('should reject a timestamp %s', (_label, aheadMs) => {
      const timestamp = new Date(NOW.getTime() + aheadMs);
      const error = rejection(metricEvent({ timestamp }), { now: NOW });
      expect(error.field).toBe('timestamp');
      expect(error.message).toBe(
        `timestamp: ${timestamp.toISOString()} is ${aheadMs} ms in the future, more than the allowed clock skew of ${DEFAULT_MAX_FUTURE_SKEW_MS} ms`,
      );
    });

    it.each([
      [0, 1, false],
      [0, 0, true],
      [60_000, 59_999, true],
      [60_000, 60_001, false],
    ])('should honour maxFutureSkewMs=%p for a timestamp %p ms ahead (accepted: %p)', (maxFutureSkewMs, aheadMs, accepted) => {
      const result = validateEvent(metricEvent({ timestamp: new Date(NOW.getTime() + aheadMs) }), { now: NOW, maxFutureSkewMs });
      expect(result.ok).toBe(accepted);
    });

    const HOUR_MS = 3_600_000;
    it.each([
      ['72 h', 72 * HOUR_MS, 72 * HOUR_MS, true],
      ['72 h', 72 * HOUR_MS, 72 * HOUR_MS + 1, false],
      ['30 d', 30 * 24 * HOUR_MS, 30 * 24 * HOUR_MS, true],
      ['30 d', 30 * 24 * HOUR_MS, 30 * 24 * HOUR_MS + 1, false],
    ])('should honour a maximum age of %s (%p ms) for a timestamp %p ms old (accepted: %p)', (_label, maxAgeMs, ageMs, accepted) => {
      const result = validateEvent(metricEvent({ timestamp: new Date(NOW.getTime() - ageMs) }), { now: NOW, maxAgeMs });
      expect(result.ok).toBe(accepted);
    });

    it.each([
      ['a backdated week, for a member', 7 * 24 * HOUR_MS, 72 * HOUR_MS, '7 d old; events from this sender may be at most 72 h old'],
      ['1900-01-01, for a service', NOW.getTime() - Date.parse('1900-01-01T00:00:00Z'), 30 * 24 * HOUR_MS, '45821 d old; events from this sender may be at most 30 d old'],
    ])('should refuse %s, naming timestamp and both ages', (_label, ageMs, maxAgeMs, detail) => {
      const timestamp = new Date(NOW.getTime() - ageMs);
      const error = rejection(metricEvent({ timestamp }), { now: NOW, maxAgeMs });
      expect(error).toMatchObject({ field: 'timestamp', code: 'BAD_USER_INPUT' });
      expect(error.message).toBe(`timestamp: ${timestamp.toISOString()} is ${detail}`);
    });

    it('should accept any age when no maximum is given (dead-letter re-processing, in-process callers)', () => {
      expect(validateEvent(metricEvent({ timestamp: '1900-01-01T00:00:00Z' }), { now: NOW }).ok).toBe(true);
    });

    it('should use the current time when no `now` is given', () => {
      expect(validateEvent(metricEvent({ timestamp: new Date() })).ok).toBe(true);
      expect(validateEvent(metricEvent({ timestamp: new Date(Date.now() + 3_600_000) })).ok).toBe(false);
    });
  });

  describe('journey', () => {
    it.each(JOURNEYS.flatMap((journey) => EVENT_TYPES_BY_JOURNEY[journey].map((type) => [type, journey] as const)))(
      'should infer the journey of %s as %s when absent',
      (type, journey) => {
        const { journey: _omitted, ...raw } = createTestEvent(type);
        expect(parseEvent(raw).journey).toBe(journey);
      },
    );

    it.each(MISMATCHES)('should reject a %s event type (%s) sent with journey %s', (journey, type, wrong) => {
      const error = rejection(createTestEvent(type, { journey: wrong }));
      expect(error.field).toBe('journey');
      expect(error.message).toBe(`journey: "${wrong}" does not match event type ${type} (journey "${journey}")`);
    });

    it('should give the exact mismatch message of the contract', () => {
      expect(rejection(metricEvent({ journey: 'care' }), { now: NOW }).message).toBe(
        'journey: "care" does not match event type HEALTH_METRIC_RECORDED (journey "health")',
      );
    });

    it.each([
      ['fitness', 'journey: expected one of health, care, plan, user, received "fitness"'],
      ['HEALTH', 'journey: expected one of health, care, plan, user, received "HEALTH"'],
      ['', 'journey: expected one of health, care, plan, user, received ""'],
      [3, 'journey: expected one of health, care, plan, user, received number'],
    ])('should reject the unknown journey %p', (journey, message) => {
      expect(rejection(metricEvent({ journey }), { now: NOW }).message).toBe(message);
    });

    it('should accept a null journey as absent', () => {
      expect(parseEvent(metricEvent({ journey: null }), { now: NOW }).journey).toBe('health');
    });

    it('should only check that the journey is valid when the type is unknown', () => {
      const error = rejection(metricEvent({ type: 'NOPE', journey: 'care' }), { now: NOW });
      expect(error.issues.map((issue) => issue.field)).toEqual(['type']);
    });
  });

  describe('data', () => {
    it.each([
      ['missing', undefined, 'data: is required'],
      ['null', null, 'data: is required'],
      ['a string', '{"value":1}', 'data: expected an object, received string'],
      ['an array', [1, 2], 'data: expected an object, received array'],
      ['a number', 3, 'data: expected an object, received number'],
      ['a Date', new Date(), 'data: expected an object, received Date'],
    ])('should reject data that is %s', (_label, data, message) => {
      const error = rejection(metricEvent({ data }), { now: NOW });
      expect(error.field).toBe('data');
      expect(error.message).toBe(message);
    });

    it('should reject data that cannot be serialised to JSON', () => {
      const data: Record<string, unknown> = { metricType: 'STEPS', value: 1, unit: 'steps' };
      data['self'] = data;
      expect(rejection(metricEvent({ data }), { now: NOW }).message).toBe('data: must be JSON-serialisable');
    });

    /** A valid metric payload whose JSON form is exactly `bytes` bytes long. */
    function payloadOfSize(bytes: number, filler = 'x'): Record<string, unknown> {
      const base = { metricType: 'STEPS', value: 1, unit: 'steps', note: '' };
      const room = bytes - Buffer.byteLength(JSON.stringify(base));
      const note = filler.repeat(Math.floor(room / Buffer.byteLength(filler)));
      return { ...base, note };
    }

    it('should accept a payload of exactly the default limit', () => {
      const data = payloadOfSize(DEFAULT_MAX_PAYLOAD_BYTES);
      expect(Buffer.byteLength(JSON.stringify(data))).toBe(DEFAULT_MAX_PAYLOAD_BYTES);
      expect(() => parseEvent(metricEvent({ data }), { now: NOW })).not.toThrow();
    });

    it.each([
      ['1 byte over the default limit', DEFAULT_MAX_PAYLOAD_BYTES + 1, undefined],
      ['100 KB', 100_000, undefined],
      ['over a custom limit of 100 bytes', 101, 100],
    ])('should reject a payload %s', (_label, bytes, maxPayloadBytes) => {
      const data = payloadOfSize(bytes);
      const limit = maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
      const error = rejection(metricEvent({ data }), { now: NOW, maxPayloadBytes });
      expect(error.field).toBe('data');
      expect(error.message).toBe(`data: payload is ${bytes} bytes, larger than the limit of ${limit} bytes`);
    });

    it('should count bytes, not characters', () => {
      const data = payloadOfSize(DEFAULT_MAX_PAYLOAD_BYTES + 2, 'é');
      expect(JSON.stringify(data).length).toBeLessThan(DEFAULT_MAX_PAYLOAD_BYTES);
      expect(rejection(metricEvent({ data }), { now: NOW }).field).toBe('data');
    });
  });
});

describe(validateEvent.name, () => {
  it('should return ok with the event when valid', () => {
    const result = validateEvent(metricEvent(), { now: NOW });
    expect(result).toMatchObject({ ok: true, event: { type: EventType.HEALTH_METRIC_RECORDED, journey: 'health' } });
  });

  it('should return the ValidationError when invalid', () => {
    const result = validateEvent(metricEvent({ userId: 'nope' }), { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ValidationError);
      expect(result.error.field).toBe('userId');
    }
  });

  it('should let errors other than ValidationError propagate', () => {
    const raw = metricEvent();
    Object.defineProperty(raw, 'type', {
      get: () => {
        throw new InternalError('getter exploded');
      },
    });
    expect(() => validateEvent(raw, { now: NOW })).toThrow(InternalError);
  });
});

describe(rawUserId.name, () => {
  it.each([
    ['a string userId, as sent', { userId: USER_ID.toUpperCase() }, USER_ID.toUpperCase()],
    ['an empty string', { userId: '' }, ''],
    ['a number', { userId: 42 }, undefined],
    ['no userId', { type: 'X' }, undefined],
    ['null', null, undefined],
    ['a string instead of an event', 'userId', undefined],
  ])('should read %s', (_case, raw, expected) => {
    expect(rawUserId(raw)).toBe(expected);
  });
});
