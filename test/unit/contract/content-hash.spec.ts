import { canonicalJson, contentHashOf, EventType, parseEvent } from '../../../src/contract';

const USER_ID = '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a';
const NOW = new Date('2025-06-15T12:00:00.000Z');

describe(canonicalJson.name, () => {
  it.each<[string, unknown, string]>([
    ['keys in code-point order at any depth', { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } }, '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}'],
    ['undefined members left out, undefined items as null', { a: undefined, b: [undefined, null] }, '{"b":[null,null]}'],
    ['a Date as ISO 8601', { at: new Date('2025-06-15T12:00:00Z') }, '{"at":"2025-06-15T12:00:00.000Z"}'],
    ['strings escaped as JSON', { 'k"': 'line\nbreak' }, '{"k\\"":"line\\nbreak"}'],
    ['scalars', [1.5, true, 'é'], '[1.5,true,"é"]'],
  ])('should write %s', (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe(contentHashOf.name, () => {
  const raw = (overrides: Record<string, unknown> = {}) => ({
    id: 'walk-1',
    type: EventType.HEALTH_METRIC_RECORDED,
    userId: USER_ID,
    timestamp: '2025-06-15T11:00:00Z',
    data: { metricType: 'STEPS', value: 12000, unit: 'steps' },
    ...overrides,
  });
  const hashOf = (overrides: Record<string, unknown> = {}, stampedTime = false) => contentHashOf(parseEvent(raw(overrides), { now: NOW }), { stampedTime });

  it.each<[string, Record<string, unknown>]>([
    ['keys in another order', { data: { unit: 'steps', value: 12000, metricType: 'STEPS' } }],
    ['the time spelled otherwise', { timestamp: '2025-06-15T08:00:00.000-03:00' }],
    ['the member id in upper case', { userId: USER_ID.toUpperCase() }],
    ['the journey stated', { journey: 'health' }],
  ])('should be the same for the same event with %s', (_label, overrides) => {
    expect(hashOf(overrides)).toBe(hashOf());
  });

  it.each<[string, Record<string, unknown>]>([
    ['another value', { data: { metricType: 'STEPS', value: 12001, unit: 'steps' } }],
    ['another time', { timestamp: '2025-06-15T11:00:01Z' }],
    ['another metric', { data: { metricType: 'HEART_RATE', value: 70, unit: 'bpm' } }],
  ])('should differ for %s', (_label, overrides) => {
    expect(hashOf(overrides)).not.toBe(hashOf());
  });

  it('should leave a time the door stamped out', () => {
    expect(hashOf({ timestamp: '2025-06-15T11:59:00Z' }, true)).toBe(hashOf({ timestamp: '2025-06-15T11:59:30Z' }, true));
    expect(hashOf({}, true)).not.toBe(hashOf());
  });

  it('should be a sha256 in base64url', () => {
    expect(hashOf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
