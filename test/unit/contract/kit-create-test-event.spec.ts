import { EVENT_TYPES, EventType, journeyOfType, MetricType, parseEvent } from '../../../src/contract';
import { createTestEvent, DEFAULT_PAYLOADS } from '../../../src/kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(createTestEvent.name, () => {
  it.each(EVENT_TYPES)('should build a complete raw %s event', (type) => {
    const before = Date.now();
    const raw = createTestEvent(type);
    expect(raw.type).toBe(type);
    expect(raw.journey).toBe(journeyOfType(type));
    expect(raw.userId).toMatch(UUID);
    expect(raw.id).toEqual(expect.any(String));
    expect(typeof raw.timestamp).toBe('string');
    const timestamp = Date.parse(raw.timestamp as string);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Date.now());
    expect(raw.data).toEqual(expect.objectContaining({}));
  });

  it.each(EVENT_TYPES)('should survive a JSON round trip for %s (as over Kafka)', (type) => {
    const raw = JSON.parse(JSON.stringify(createTestEvent(type))) as unknown;
    expect(parseEvent(raw).type).toBe(type);
  });

  it('should give every event a new id and user', () => {
    const events = Array.from({ length: 50 }, () => createTestEvent(EventType.DAILY_LOGIN));
    expect(new Set(events.map((event) => event.id)).size).toBe(50);
    expect(new Set(events.map((event) => event.userId)).size).toBe(50);
  });

  it('should have a default payload for every type', () => {
    expect(Object.keys(DEFAULT_PAYLOADS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each([
    ['userId', '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a'],
    ['id', 'my-event-1'],
    ['timestamp', '2025-06-15T12:00:00.000Z'],
    ['journey', 'care'],
    ['type', 'SOMETHING_ELSE'],
  ] as const)('should apply the %s override', (field, value) => {
    expect(createTestEvent(EventType.HEALTH_METRIC_RECORDED, { [field]: value })[field]).toBe(value);
  });

  it('should accept a Date timestamp override', () => {
    const timestamp = new Date('2025-06-15T12:00:00.000Z');
    expect(createTestEvent(EventType.DAILY_LOGIN, { timestamp }).timestamp).toBe(timestamp);
  });

  it('should merge data overrides into the default payload', () => {
    const raw = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { metricType: MetricType.HEART_RATE, value: 120, unit: 'bpm' } });
    expect(raw.data).toMatchObject({ metricType: 'HEART_RATE', value: 120, unit: 'bpm', source: 'WEARABLE' });
    expect(parseEvent(raw).data).toMatchObject({ value: 120, unit: 'bpm' });
  });

  it('should let a data override send a field as missing', () => {
    const raw = createTestEvent(EventType.CLAIM_SUBMITTED, { data: { amount: undefined } });
    expect(() => parseEvent(raw)).toThrow('data.amount: is required');
  });

  it('should let an envelope override send a field as missing', () => {
    const raw = createTestEvent(EventType.DAILY_LOGIN, { journey: undefined });
    expect(raw.journey).toBeUndefined();
    expect(parseEvent(raw).journey).toBe('user');
  });

  it('should include a version only when asked', () => {
    expect(createTestEvent(EventType.DAILY_LOGIN).version).toBeUndefined();
    const raw = createTestEvent(EventType.DAILY_LOGIN, { version: { schemaVersion: '1.0.0' } });
    expect(raw.version).toEqual({ schemaVersion: '1.0.0' });
    expect(parseEvent(raw).schemaVersion).toBe('1.1.0');
  });

  it('should not share payload objects between events', () => {
    const a = createTestEvent(EventType.PLAN_COMPARED);
    const b = createTestEvent(EventType.PLAN_COMPARED);
    expect(a.data).not.toBe(b.data);
    expect(a.data['planIds']).not.toEqual(b.data['planIds']);
  });
});
