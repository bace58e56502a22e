import { EVENT_TYPES, EventType, journeyOfType, parseEvent } from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { rejection } from './rejection';
import { REQUIRED_FIELD_CASES, REQUIRED_FIELDS } from './required-fields';

describe(`${parseEvent.name} for every event type`, () => {
  it.each(EVENT_TYPES)('should accept the test event of %s with its journey', (type) => {
    const raw = createTestEvent(type);
    const event = parseEvent(raw);
    expect(event.type).toBe(type);
    expect(event.journey).toBe(journeyOfType(type));
    expect(event.data).toEqual(raw.data);
  });

  it.each(EVENT_TYPES)('should accept %s without a journey and infer it', (type) => {
    const { journey: _omitted, ...raw } = createTestEvent(type);
    expect(parseEvent(raw).journey).toBe(journeyOfType(type));
  });

  it.each(REQUIRED_FIELD_CASES)('should reject %s without data.%s, naming the field', (type, field) => {
    const raw = createTestEvent(type);
    delete raw.data[field];
    const error = rejection(raw);
    expect(error.field).toBe(`data.${field}`);
    expect(error.message).toBe(`data.${field}: is required`);
  });

  it.each(REQUIRED_FIELD_CASES)('should reject %s with data.%s set to null', (type, field) => {
    const raw = createTestEvent(type);
    raw.data[field] = null;
    const error = rejection(raw);
    expect(error.field).toBe(`data.${field}`);
    expect(error.message).toMatch(new RegExp(`^data\\.${field}: `));
  });

  it.each(EVENT_TYPES)('should report exactly the required fields of %s when data is empty', (type) => {
    const raw = { ...createTestEvent(type), data: {} };
    const required = REQUIRED_FIELDS[type];
    if (required.length === 0) {
      expect(() => parseEvent(raw)).not.toThrow();
      return;
    }
    const error = rejection(raw);
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(required.map((field) => `data.${field}`).sort());
    for (const field of required) expect(error.message).toContain(`data.${field}: is required`);
  });

  it.each(EVENT_TYPES)('should keep unknown extra keys in the data of %s', (type) => {
    const raw = createTestEvent(type);
    raw.data['appVersion'] = '5.2.0';
    const event = parseEvent(raw);
    expect(event.data).toMatchObject({ appVersion: '5.2.0' });
  });

  it('should accept a payload with only the required fields', () => {
    const event = parseEvent(
      createTestEvent(EventType.HEALTH_METRIC_RECORDED, {
        data: { source: undefined, timestamp: undefined },
      }),
    );
    expect(event.data).toMatchObject({ metricType: 'STEPS', value: 10_432, unit: 'steps' });
  });
});
