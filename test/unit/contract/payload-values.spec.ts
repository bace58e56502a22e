import {
  AppointmentStatus,
  AppointmentType,
  BaseEvent,
  ClaimStatus,
  DeviceType,
  DocumentType,
  EventType,
  GoalPeriod,
  GoalStatus,
  GoalType,
  JOURNEYS,
  MAX_AMOUNT,
  MedicalRecordType,
  METRIC_RANGES,
  MedicationAdherence,
  MetricSource,
  MetricType,
  parseEvent,
  PlanType,
  SymptomSeverity,
} from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';
import { rejection } from './rejection';

type EnumLike = Readonly<Record<string, string>>;

/** Every enum-valued payload field: the type, the field and the values it accepts. */
const ENUM_FIELDS: ReadonlyArray<readonly [EventType, string, EnumLike | readonly string[]]> = [
  [EventType.HEALTH_METRIC_RECORDED, 'metricType', MetricType],
  [EventType.HEALTH_METRIC_RECORDED, 'source', MetricSource],
  [EventType.GOAL_CREATED, 'goalType', GoalType],
  [EventType.GOAL_UPDATED, 'status', GoalStatus],
  [EventType.GOAL_ACHIEVED, 'period', GoalPeriod],
  [EventType.DEVICE_CONNECTED, 'deviceType', DeviceType],
  [EventType.DEVICE_SYNCED, 'deviceType', DeviceType],
  [EventType.MEDICAL_RECORD_ADDED, 'recordType', MedicalRecordType],
  [EventType.APPOINTMENT_BOOKED, 'appointmentType', AppointmentType],
  [EventType.APPOINTMENT_ATTENDED, 'status', AppointmentStatus],
  [EventType.APPOINTMENT_CANCELLED, 'status', AppointmentStatus],
  [EventType.MEDICATION_TAKEN, 'adherence', MedicationAdherence],
  [EventType.SYMPTOM_CHECKED, 'severity', SymptomSeverity],
  [EventType.PLAN_SELECTED, 'planType', PlanType],
  [EventType.PLAN_PURCHASED, 'planType', PlanType],
  [EventType.PLAN_RENEWED, 'planType', PlanType],
  [EventType.CLAIM_SUBMITTED, 'status', ClaimStatus],
  [EventType.CLAIM_APPROVED, 'status', ClaimStatus],
  [EventType.DOCUMENT_UPLOADED, 'documentType', DocumentType],
  [EventType.FEATURE_USED, 'journey', JOURNEYS],
  [EventType.JOURNEY_SWITCHED, 'to', JOURNEYS],
];

const valuesOf = (values: EnumLike | readonly string[]): readonly string[] =>
  Array.isArray(values) ? values : Object.values(values);

/** A test event of `type` with `data[field] = value`. */
function withField(type: EventType, field: string, value: unknown): BaseEvent {
  const raw = createTestEvent(type);
  raw.data[field] = value;
  return raw;
}

describe('payload enum fields', () => {
  it.each(ENUM_FIELDS)('should reject an unknown value in %s data.%s, listing the accepted ones', (type, field, values) => {
    const error = rejection(withField(type, field, 'NOT_A_VALUE'));
    expect(error.field).toBe(`data.${field}`);
    expect(error.message).toBe(`data.${field}: expected one of ${valuesOf(values).join(', ')}, received "NOT_A_VALUE"`);
  });

  it.each(ENUM_FIELDS)('should reject a lower-cased value in %s data.%s', (type, field, values) => {
    const [first] = valuesOf(values) as [string];
    const lowered = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
    expect(rejection(withField(type, field, lowered)).field).toBe(`data.${field}`);
  });

  it.each(ENUM_FIELDS.flatMap(([type, field, values]) => valuesOf(values).map((value) => [type, field, value] as const)))(
    'should accept %s data.%s = %s',
    (type, field, value) => {
      const raw = withField(type, field, value);
      if (type === EventType.JOURNEY_SWITCHED) raw.data['from'] = value === 'health' ? 'care' : 'health';
      if (type === EventType.HEALTH_METRIC_RECORDED && field === 'metricType') {
        const [{ unit, max }] = METRIC_RANGES[value as MetricType];
        Object.assign(raw.data, { unit, value: max });
      }
      expect(parseEvent(raw).data).toMatchObject({ [field]: value });
    },
  );

  it('should define the enums named by the contract, value = name', () => {
    expect(Object.values(MetricType)).toEqual(['HEART_RATE', 'BLOOD_PRESSURE', 'BLOOD_GLUCOSE', 'STEPS', 'SLEEP', 'WEIGHT', 'BODY_TEMPERATURE', 'OXYGEN_SATURATION']);
    expect(Object.values(MetricSource)).toEqual(['MANUAL', 'WEARABLE', 'DEVICE', 'INTEGRATION']);
    expect(Object.values(AppointmentType)).toEqual(['IN_PERSON', 'TELEMEDICINE', 'HOME_VISIT']);
    expect(Object.values(AppointmentStatus)).toEqual(['SCHEDULED', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW']);
    expect(Object.values(ClaimStatus)).toEqual(['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'PAID']);
    for (const values of ENUM_FIELDS.map(([, , v]) => v).filter((v): v is EnumLike => !Array.isArray(v))) {
      for (const [name, value] of Object.entries(values)) expect(value).toBe(name);
    }
  });
});

describe('payload value rules', () => {
  it.each([
    [EventType.HEALTH_METRIC_RECORDED, 'value', '72', 'expected number, received string'],
    [EventType.HEALTH_METRIC_RECORDED, 'value', Number.NaN, 'expected number, received NaN'],
    [EventType.HEALTH_METRIC_RECORDED, 'value', Number.POSITIVE_INFINITY, 'expected number, received Infinity'],
    [EventType.HEALTH_METRIC_RECORDED, 'unit', '', 'must not be empty'],
    [EventType.HEALTH_METRIC_RECORDED, 'unit', 3, 'expected string, received number'],
    [EventType.HEALTH_METRIC_RECORDED, 'timestamp', 'last tuesday', 'expected an ISO 8601 date string, received "last tuesday"'],
    [EventType.GOAL_UPDATED, 'progress', 101, 'must be at most 100'],
    [EventType.GOAL_UPDATED, 'progress', -1, 'must be at least 0'],
    [EventType.DEVICE_SYNCED, 'metricsCount', 2.5, 'expected an integer, received number'],
    [EventType.DEVICE_SYNCED, 'metricsCount', -3, 'must be at least 0'],
    [EventType.APPOINTMENT_BOOKED, 'scheduledDate', '2025-13-01T10:00:00Z', 'expected an ISO 8601 date string, received "2025-13-01T10:00:00Z"'],
    [EventType.APPOINTMENT_BOOKED, 'scheduledDate', 1718445600000, 'expected an ISO 8601 date string, received number'],
    [EventType.APPOINTMENT_BOOKED, 'providerId', '', 'must not be empty'],
    [EventType.APPOINTMENT_BOOKED, 'appointmentId', 'a'.repeat(201), 'must have at most 200 characters'],
    [EventType.TELEMEDICINE_SESSION_COMPLETED, 'durationMinutes', -5, 'must be at least 0'],
    [EventType.TELEMEDICINE_SESSION_COMPLETED, 'durationMinutes', 1441, 'must be at most 1440'],
    [EventType.FEATURE_USED, 'durationSeconds', 86_401, 'must be at most 86400'],
    [EventType.GOAL_CREATED, 'targetValue', -10_000, 'must be at least 0'],
    [EventType.GOAL_UPDATED, 'currentValue', 1e308, `must be at most ${MAX_AMOUNT}`],
    [EventType.CLAIM_SUBMITTED, 'amount', 1e308, `must be at most ${MAX_AMOUNT}`],
    [EventType.DOCUMENT_UPLOADED, 'fileSize', 1e308, `must be at most ${Number.MAX_SAFE_INTEGER}`],
    [EventType.REWARD_REDEEMED, 'pointsSpent', -1, 'must be at least 0'],
    [EventType.SYMPTOM_CHECKED, 'symptoms', [], 'must have at least 1 items'],
    [EventType.SYMPTOM_CHECKED, 'symptoms', 'headache', 'expected array, received string'],
    [EventType.PROVIDER_RATED, 'rating', 0, 'must be at least 1'],
    [EventType.PROVIDER_RATED, 'rating', 6, 'must be at most 5'],
    [EventType.PROVIDER_RATED, 'rating', 4.5, 'expected an integer, received number'],
    [EventType.TREATMENT_PLAN_COMPLETED, 'progress', 150, 'must be at most 100'],
    [EventType.CLAIM_SUBMITTED, 'amount', -0.01, 'must be at least 0'],
    [EventType.CLAIM_SUBMITTED, 'amount', '350', 'expected number, received string'],
    [EventType.CLAIM_SUBMITTED, 'submissionDate', 'soon', 'expected an ISO 8601 date string, received "soon"'],
    [EventType.CLAIM_APPROVED, 'serviceDate', '15/06/2025', 'expected an ISO 8601 date string, received "15/06/2025"'],
    [EventType.CLAIM_APPROVED, 'serviceType', '', 'must not be empty'],
    [EventType.PLAN_SELECTED, 'premium', -1, 'must be at least 0'],
    [EventType.BENEFIT_USED, 'amount', -10, 'must be at least 0'],
    [EventType.PLAN_COMPARED, 'planIds', ['only-one'], 'must have at least 2 items'],
    [EventType.PROFILE_COMPLETED, 'completionPercentage', 100.5, 'must be at most 100'],
    [EventType.PROFILE_COMPLETED, 'completionPercentage', -1, 'must be at least 0'],
    [EventType.WEEKLY_ACTIVE, 'activeDays', 8, 'must be at most 7'],
    [EventType.WEEKLY_ACTIVE, 'activeDays', -1, 'must be at least 0'],
    [EventType.WEEKLY_ACTIVE, 'activeDays', 3.5, 'expected an integer, received number'],
    [EventType.FEEDBACK_PROVIDED, 'rating', 0, 'must be at least 1'],
    [EventType.FEATURE_USED, 'featureName', '', 'must not be empty'],
    [EventType.REWARD_REDEEMED, 'rewardKey', '', 'must not be empty'],
    [EventType.JOURNEY_SWITCHED, 'to', 'health', 'must differ from "from"'],
  ])('should reject %s with data.%s = %p', (type, field, value, message) => {
    const error = rejection(withField(type, field, value));
    expect(error.field).toBe(`data.${field}`);
    expect(error.message).toBe(`data.${field}: ${message}`);
  });

  it.each([
    [EventType.HEALTH_METRIC_RECORDED, 'value', 0],
    [EventType.HEALTH_METRIC_RECORDED, 'value', 100_000],
    [EventType.HEALTH_METRIC_RECORDED, 'timestamp', '2025-06-15'],
    [EventType.GOAL_UPDATED, 'progress', 0],
    [EventType.GOAL_UPDATED, 'progress', 100],
    [EventType.APPOINTMENT_BOOKED, 'scheduledDate', '2025-06-15T10:00:00-03:00'],
    [EventType.CLAIM_SUBMITTED, 'amount', 0],
    [EventType.CLAIM_SUBMITTED, 'amount', MAX_AMOUNT],
    [EventType.PROVIDER_RATED, 'rating', 1],
    [EventType.PROVIDER_RATED, 'rating', 5],
    [EventType.PLAN_COMPARED, 'planIds', ['a', 'b', 'c']],
    [EventType.PROFILE_COMPLETED, 'completionPercentage', 37.5],
    [EventType.WEEKLY_ACTIVE, 'activeDays', 0],
    [EventType.WEEKLY_ACTIVE, 'activeDays', 7],
  ])('should accept %s with data.%s = %p', (type, field, value) => {
    expect(parseEvent(withField(type, field, value)).data).toMatchObject({ [field]: value });
  });

  it('should turn a Date in a date field into its ISO string', () => {
    const scheduled = new Date('2025-07-01T14:00:00.000Z');
    const event = parseEvent(withField(EventType.APPOINTMENT_BOOKED, 'scheduledDate', scheduled));
    expect(event.data).toMatchObject({ scheduledDate: '2025-07-01T14:00:00.000Z' });
  });

  it('should name the index of a bad list item', () => {
    const error = rejection(withField(EventType.SYMPTOM_CHECKED, 'symptoms', ['cough', '']));
    expect(error.message).toBe('data.symptoms.1: must not be empty');
  });

  it('should list every payload problem', () => {
    const raw = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { metricType: 'X' as MetricType, value: 'y' as unknown as number } });
    const error = rejection(raw);
    expect(error.issues.map((issue) => issue.field)).toEqual(['data.metricType', 'data.value']);
  });
});

describe('measurement ranges and units (HEALTH_METRIC_RECORDED)', () => {
  const metric = (metricType: MetricType, value: unknown, unit: unknown) =>
    createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { metricType, value: value as number, unit: unit as string } });
  const ranges = Object.entries(METRIC_RANGES).flatMap(([metricType, units]) => units.map((range) => [metricType as MetricType, range] as const));

  it.each(ranges)('should accept %s from its lowest to its highest value in %o', (metricType, { unit, min, max }) => {
    expect(parseEvent(metric(metricType, min, unit)).data).toMatchObject({ value: min, unit });
    expect(parseEvent(metric(metricType, max, unit)).data).toMatchObject({ value: max, unit });
  });

  it.each(ranges)('should refuse %s just outside %o, naming data.value', (metricType, { unit, min, max }) => {
    for (const value of [min - 0.5, max + 0.5]) {
      const error = rejection(metric(metricType, value, unit));
      expect(error.field).toBe('data.value');
      expect(error.message).toBe(`data.value: must be from ${min} to ${max} ${unit} for ${metricType}, received ${value}`);
    }
  });

  it.each(Object.values(MetricType))('should refuse %s in a unit it is not measured in, naming data.unit', (metricType) => {
    const error = rejection(metric(metricType, METRIC_RANGES[metricType][0].min, 'banana'));
    expect(error.field).toBe('data.unit');
    expect(error.message).toContain(`for ${metricType}, received "banana"`);
  });

  it.each([
    ['1e308 steps', metric(MetricType.STEPS, 1e308, 'steps'), 'data.value', 'data.value: must be from 0 to 100000 steps for STEPS, received 1e+308'],
    ['negative steps', metric(MetricType.STEPS, -1, 'steps'), 'data.value', 'data.value: must be from 0 to 100000 steps for STEPS, received -1'],
    ['a heart rate in "banana"', metric(MetricType.HEART_RATE, 72, 'banana'), 'data.unit', 'data.unit: expected one of "bpm" for HEART_RATE, received "banana"'],
    ['a heart rate of 20,000 bpm', metric(MetricType.HEART_RATE, 20_000, 'bpm'), 'data.value', 'data.value: must be from 20 to 250 bpm for HEART_RATE, received 20000'],
    ['steps written in bpm', metric(MetricType.STEPS, 120, 'bpm'), 'data.unit', 'data.unit: expected one of "steps" for STEPS, received "bpm"'],
  ])('should refuse %s with BAD_USER_INPUT naming the field', (_label, raw, field, message) => {
    const error = rejection(raw);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toBe(message);
  });
});
