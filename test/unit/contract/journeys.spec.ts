import {
  EVENT_TYPES,
  EVENT_TYPES_BY_JOURNEY,
  EventType,
  isEventType,
  isJourney,
  Journey,
  JOURNEYS,
  journeyOfType,
} from '../../../src/contract';

const EXPECTED: Record<Journey, readonly string[]> = {
  health: [
    'HEALTH_METRIC_RECORDED', 'GOAL_CREATED', 'GOAL_UPDATED', 'GOAL_ACHIEVED', 'DEVICE_CONNECTED', 'DEVICE_SYNCED',
    'HEALTH_INSIGHT_VIEWED', 'MEDICAL_RECORD_ADDED',
  ],
  care: [
    'APPOINTMENT_BOOKED', 'APPOINTMENT_ATTENDED', 'APPOINTMENT_CANCELLED', 'MEDICATION_ADDED', 'MEDICATION_TAKEN',
    'TELEMEDICINE_SESSION_STARTED', 'TELEMEDICINE_SESSION_COMPLETED', 'SYMPTOM_CHECKED', 'PROVIDER_RATED',
    'TREATMENT_PLAN_CREATED', 'TREATMENT_PLAN_COMPLETED',
  ],
  plan: [
    'PLAN_SELECTED', 'PLAN_PURCHASED', 'CLAIM_SUBMITTED', 'CLAIM_APPROVED', 'BENEFIT_USED', 'DOCUMENT_UPLOADED',
    'COVERAGE_CHECKED', 'PLAN_RENEWED', 'PLAN_COMPARED',
  ],
  user: [
    'USER_REGISTERED', 'PROFILE_COMPLETED', 'DAILY_LOGIN', 'WEEKLY_ACTIVE', 'FEEDBACK_PROVIDED', 'FEATURE_USED',
    'JOURNEY_SWITCHED', 'REWARD_REDEEMED',
  ],
};

const TYPE_JOURNEY_PAIRS = JOURNEYS.flatMap((journey) => EXPECTED[journey].map((type) => [type, journey] as const));

describe('journeys', () => {
  it('should be health, care, plan and user', () => {
    expect(JOURNEYS).toEqual(['health', 'care', 'plan', 'user']);
  });

  it('should define exactly 36 event types whose value is their name', () => {
    expect(EVENT_TYPES).toHaveLength(36);
    for (const [name, value] of Object.entries(EventType)) expect(value).toBe(name);
    expect([...EVENT_TYPES].sort()).toEqual(TYPE_JOURNEY_PAIRS.map(([type]) => type).sort());
  });

  it.each(JOURNEYS)('should list the %s event types', (journey) => {
    expect(EVENT_TYPES_BY_JOURNEY[journey]).toEqual(EXPECTED[journey]);
  });

  it('should put every event type in exactly one journey', () => {
    const all = JOURNEYS.flatMap((journey) => EVENT_TYPES_BY_JOURNEY[journey]);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(EVENT_TYPES.length);
  });
});

describe(journeyOfType.name, () => {
  it.each(TYPE_JOURNEY_PAIRS)('should place %s in the %s journey', (type, journey) => {
    expect(journeyOfType(type as EventType)).toBe(journey);
  });

  it('should throw for a value that is not an event type', () => {
    expect(() => journeyOfType('NOPE' as EventType)).toThrow(RangeError);
  });
});

describe(isEventType.name, () => {
  it.each(EVENT_TYPES)('should accept %s', (type) => {
    expect(isEventType(type)).toBe(true);
  });

  it.each([['health_metric_recorded'], ['UNKNOWN'], [''], ['toString'], ['constructor'], [42], [null], [undefined]])(
    'should reject %p',
    (value) => {
      expect(isEventType(value)).toBe(false);
    },
  );
});

describe(isJourney.name, () => {
  it.each(JOURNEYS)('should accept %s', (journey) => {
    expect(isJourney(journey)).toBe(true);
  });

  it.each([['HEALTH'], ['fitness'], [''], ['toString'], [1], [null], [undefined]])('should reject %p', (value) => {
    expect(isJourney(value)).toBe(false);
  });
});
