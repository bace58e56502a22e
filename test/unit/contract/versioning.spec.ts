import {
  CURRENT_SCHEMA_VERSION,
  EventType,
  HEALTH_METRIC_FIELD_NAMES_1_1,
  MetricType,
  parseEvent,
  resolveSchemaVersion,
  SCHEMA_TRANSFORMS,
  SchemaTransform,
  SUPPORTED_SCHEMA_RANGE,
  upgradePayload,
  ValidationError,
} from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { rejection } from './rejection';

const SUPPORTED_HINT = 'supported versions: >=1.0.0 <2.0.0 (current 1.1.0)';

/** A 1.0-style HEALTH_METRIC_RECORDED payload. */
const LEGACY_METRIC = { metric: 'HEART_RATE', value: 72, unit: 'bpm', recordedAt: '2025-06-15T07:30:00Z' };

function metricEvent(version: unknown, data: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data }), version };
}

describe('schema versions', () => {
  it('should be at 1.1.0 and accept >=1.0.0 <2.0.0', () => {
    expect(CURRENT_SCHEMA_VERSION).toBe('1.1.0');
    expect(SUPPORTED_SCHEMA_RANGE).toBe('>=1.0.0 <2.0.0');
  });
});

describe(resolveSchemaVersion.name, () => {
  it.each([
    ['absent', undefined, '1.1.0'],
    ['null', null, '1.1.0'],
    ['1.0.0', { schemaVersion: '1.0.0' }, '1.0.0'],
    ['1.0.7', { schemaVersion: '1.0.7' }, '1.0.7'],
    ['1.1.0', { schemaVersion: '1.1.0' }, '1.1.0'],
    ['a newer minor (1.4.2)', { schemaVersion: '1.4.2' }, '1.4.2'],
    ['the top of the range (1.99.99)', { schemaVersion: '1.99.99' }, '1.99.99'],
    ['v-prefixed', { schemaVersion: 'v1.0.0' }, '1.0.0'],
  ])('should resolve a version that is %s', (_label, version, expected) => {
    expect(resolveSchemaVersion(version)).toBe(expected);
  });

  it.each([
    ['2.0.0', `version.schemaVersion: 2.0.0 is not supported; ${SUPPORTED_HINT}`],
    ['0.9.0', `version.schemaVersion: 0.9.0 is not supported; ${SUPPORTED_HINT}`],
    ['3.1.4', `version.schemaVersion: 3.1.4 is not supported; ${SUPPORTED_HINT}`],
    ['1.1.0-beta.1', `version.schemaVersion: 1.1.0-beta.1 is not supported; ${SUPPORTED_HINT}`],
    ['2.0.0-alpha', `version.schemaVersion: 2.0.0-alpha is not supported; ${SUPPORTED_HINT}`],
    ['abc', `version.schemaVersion: "abc" is not a valid semantic version; ${SUPPORTED_HINT}`],
    ['1.0', `version.schemaVersion: "1.0" is not a valid semantic version; ${SUPPORTED_HINT}`],
    ['', `version.schemaVersion: "" is not a valid semantic version; ${SUPPORTED_HINT}`],
    ['>=1.0.0', `version.schemaVersion: ">=1.0.0" is not a valid semantic version; ${SUPPORTED_HINT}`],
  ])('should reject schemaVersion %p naming the supported range', (schemaVersion, message) => {
    const error = rejection(metricEvent({ schemaVersion }));
    expect(error.field).toBe('version.schemaVersion');
    expect(error.message).toBe(message);
    expect(() => resolveSchemaVersion({ schemaVersion })).toThrow(ValidationError);
  });

  it.each([
    ['a string', '1.0.0', 'version', 'version: expected an object with a schemaVersion, received string'],
    ['an array', ['1.0.0'], 'version', 'version: expected an object with a schemaVersion, received array'],
    ['without schemaVersion', {}, 'version.schemaVersion', `version.schemaVersion: is required; ${SUPPORTED_HINT}`],
    ['with a numeric schemaVersion', { schemaVersion: 1 }, 'version.schemaVersion', 'version.schemaVersion: expected a semantic version string, received number'],
  ])('should reject a version block that is %s', (_label, version, field, message) => {
    const error = rejection(metricEvent(version));
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  describe('compatibility window', () => {
    it.each([
      ['1.0.0', '1.9.9'],
      ['1.1.0', '1.1.0'],
      ['1.0.0', '2.0.0'],
      ['0.1.0', '1.1.0'],
    ])('should accept [%s, %s], which contains the current version', (minVersion, maxVersion) => {
      expect(resolveSchemaVersion({ schemaVersion: '1.0.0', compatibility: { minVersion, maxVersion } })).toBe('1.0.0');
    });

    it.each([
      ['1.0.0', '1.0.9'],
      ['1.2.0', '1.9.0'],
      ['2.0.0', '2.5.0'],
    ])('should reject [%s, %s], which excludes the current version', (minVersion, maxVersion) => {
      const error = rejection(metricEvent({ schemaVersion: '1.0.0', compatibility: { minVersion, maxVersion } }));
      expect(error.field).toBe('version.compatibility');
      expect(error.message).toBe(
        `version.compatibility: the engine's schema version 1.1.0 is outside the producer's window [${minVersion}, ${maxVersion}]`,
      );
    });

    it.each([
      [{ minVersion: 'x', maxVersion: '1.2.0' }, 'version.compatibility.minVersion'],
      [{ minVersion: '1.0.0', maxVersion: 'latest' }, 'version.compatibility.maxVersion'],
      [{ maxVersion: '1.2.0' }, 'version.compatibility.minVersion'],
      [{ minVersion: '1.0.0' }, 'version.compatibility.maxVersion'],
      [{ minVersion: '1.5.0', maxVersion: '1.0.0' }, 'version.compatibility'],
      ['1.0.0 - 1.2.0', 'version.compatibility'],
    ])('should reject the malformed window %p on %s', (compatibility, field) => {
      const error = rejection(metricEvent({ schemaVersion: '1.1.0', compatibility }));
      expect(error.field).toBe(field);
    });
  });
});

describe(`${parseEvent.name} with schema versions`, () => {
  it('should treat an event without version as current', () => {
    const event = parseEvent(createTestEvent(EventType.HEALTH_METRIC_RECORDED));
    expect(event.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it.each(['1.0.0', '1.0.3'])('should upgrade a %s health metric, renaming metric and recordedAt', (schemaVersion) => {
    const event = parseEvent(metricEvent({ schemaVersion }, { metricType: undefined, timestamp: undefined, source: undefined, ...LEGACY_METRIC }));
    expect(event.schemaVersion).toBe('1.1.0');
    expect(event.data).toEqual({ metricType: MetricType.HEART_RATE, value: 72, unit: 'bpm', timestamp: '2025-06-15T07:30:00Z' });
    expect(event.data).not.toHaveProperty('metric');
    expect(event.data).not.toHaveProperty('recordedAt');
  });

  it('should accept a 1.0.0 health metric that already uses the new names', () => {
    const event = parseEvent(metricEvent({ schemaVersion: '1.0.0' }, { metricType: MetricType.WEIGHT, value: 70.5, unit: 'kg' }));
    expect(event.data).toMatchObject({ metricType: MetricType.WEIGHT, value: 70.5, unit: 'kg' });
  });

  it('should reject a 1.1.0 health metric that uses the old names, naming the new field', () => {
    const raw = { ...createTestEvent(EventType.HEALTH_METRIC_RECORDED), version: { schemaVersion: '1.1.0' }, data: LEGACY_METRIC };
    const error = rejection(raw);
    expect(error.field).toBe('data.metricType');
    expect(error.message).toBe('data.metricType: is required');
  });

  it('should validate the upgraded payload', () => {
    const error = rejection(metricEvent({ schemaVersion: '1.0.0' }, { metricType: undefined, metric: 'CALORIES' }));
    expect(error.field).toBe('data.metricType');
    expect(error.message).toContain('received "CALORIES"');
  });

  it('should leave other types of a 1.0.0 event untouched', () => {
    const raw = { ...createTestEvent(EventType.DEVICE_CONNECTED), version: { schemaVersion: '1.0.0' } };
    expect(parseEvent(raw).data).toEqual(raw.data);
  });

  it('should accept a newer minor version within the range as current', () => {
    const event = parseEvent(metricEvent({ schemaVersion: '1.3.0' }, { newField: true }));
    expect(event.schemaVersion).toBe('1.1.0');
    expect(event.data).toMatchObject({ newField: true });
  });

  it.each(['2.0.0', 'abc'])('should reject schema version %p', (schemaVersion) => {
    expect(rejection(metricEvent({ schemaVersion })).field).toBe('version.schemaVersion');
  });
});

describe(upgradePayload.name, () => {
  it('should ship the 1.0 → 1.1 health metric transform', () => {
    expect(SCHEMA_TRANSFORMS).toContain(HEALTH_METRIC_FIELD_NAMES_1_1);
    expect(HEALTH_METRIC_FIELD_NAMES_1_1).toMatchObject({ from: '1.0.x', to: '1.1.0', type: EventType.HEALTH_METRIC_RECORDED });
  });

  it.each([
    ['both old names', { metric: 'STEPS', recordedAt: 't' }, { metricType: 'STEPS', timestamp: 't' }],
    ['only metric', { metric: 'STEPS' }, { metricType: 'STEPS' }],
    ['only recordedAt', { recordedAt: 't' }, { timestamp: 't' }],
    ['both names, keeping the new one', { metric: 'A', metricType: 'B', recordedAt: 'x', timestamp: 'y' }, { metricType: 'B', timestamp: 'y' }],
    ['neither', { value: 1 }, { value: 1 }],
    ['the new name present but undefined', { metric: 'STEPS', metricType: undefined }, { metricType: 'STEPS' }],
  ])('should rename fields of a 1.0.0 metric with %s', (_label, data, expected) => {
    expect(upgradePayload(EventType.HEALTH_METRIC_RECORDED, data, '1.0.0')).toEqual(expected);
  });

  it.each(['1.1.0', '1.2.0'])('should not touch a payload already at %s', (version) => {
    const data = { metric: 'STEPS' };
    expect(upgradePayload(EventType.HEALTH_METRIC_RECORDED, data, version)).toEqual(data);
  });

  it('should not mutate its input', () => {
    const data = { metric: 'STEPS', recordedAt: 't' };
    const upgraded = upgradePayload(EventType.HEALTH_METRIC_RECORDED, data, '1.0.0');
    expect(data).toEqual({ metric: 'STEPS', recordedAt: 't' });
    expect(upgraded).not.toBe(data);
  });

  it('should chain transforms in version order, skipping those of other types', () => {
    const calls: string[] = [];
    const step = (from: string, to: string, type?: EventType): SchemaTransform => ({
      from,
      to,
      type,
      description: `${from} → ${to}`,
      upgrade: (data) => {
        calls.push(`${from}→${to}`);
        return { ...data, trail: [...((data['trail'] as string[] | undefined) ?? []), to] };
      },
    });
    const transforms = [
      step('1.0.x', '1.0.5', EventType.DAILY_LOGIN),
      step('>=1.0.5 <1.1.0', '1.1.0', EventType.DAILY_LOGIN),
      step('1.0.x', '1.1.0', EventType.GOAL_CREATED),
    ];
    expect(upgradePayload(EventType.DAILY_LOGIN, {}, '1.0.0', transforms)).toEqual({ trail: ['1.0.5', '1.1.0'] });
    expect(calls).toEqual(['1.0.x→1.0.5', '>=1.0.5 <1.1.0→1.1.0']);
  });

  it('should ignore a transform whose target is not above the version', () => {
    const backwards: SchemaTransform = { from: '1.0.x', to: '1.0.0', description: 'no-op', upgrade: () => ({ broken: true }) };
    expect(upgradePayload(EventType.DAILY_LOGIN, { a: 1 }, '1.0.0', [backwards])).toEqual({ a: 1 });
  });

  it('should apply a transform without type to every event type', () => {
    const everyType: SchemaTransform = { from: '1.0.x', to: '1.1.0', description: 'tag', upgrade: (data) => ({ ...data, tagged: true }) };
    expect(upgradePayload(EventType.DAILY_LOGIN, {}, '1.0.2', [everyType])).toEqual({ tagged: true });
    expect(upgradePayload(EventType.PLAN_COMPARED, {}, '1.0.2', [everyType])).toEqual({ tagged: true });
  });
});
