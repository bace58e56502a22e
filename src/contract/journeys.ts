/** The four journeys of the app; every event type belongs to exactly one. */
export const JOURNEYS = ['health', 'care', 'plan', 'user'] as const;

/** One of {@link JOURNEYS}. */
export type Journey = (typeof JOURNEYS)[number];

/** Every event type the engine understands; the value is the name. */
export enum EventType {
  // Health journey
  HEALTH_METRIC_RECORDED = 'HEALTH_METRIC_RECORDED',
  GOAL_CREATED = 'GOAL_CREATED',
  GOAL_UPDATED = 'GOAL_UPDATED',
  GOAL_ACHIEVED = 'GOAL_ACHIEVED',
  DEVICE_CONNECTED = 'DEVICE_CONNECTED',
  DEVICE_SYNCED = 'DEVICE_SYNCED',
  HEALTH_INSIGHT_VIEWED = 'HEALTH_INSIGHT_VIEWED',
  MEDICAL_RECORD_ADDED = 'MEDICAL_RECORD_ADDED',
  // Care journey
  APPOINTMENT_BOOKED = 'APPOINTMENT_BOOKED',
  APPOINTMENT_ATTENDED = 'APPOINTMENT_ATTENDED',
  APPOINTMENT_CANCELLED = 'APPOINTMENT_CANCELLED',
  MEDICATION_ADDED = 'MEDICATION_ADDED',
  MEDICATION_TAKEN = 'MEDICATION_TAKEN',
  TELEMEDICINE_SESSION_STARTED = 'TELEMEDICINE_SESSION_STARTED',
  TELEMEDICINE_SESSION_COMPLETED = 'TELEMEDICINE_SESSION_COMPLETED',
  SYMPTOM_CHECKED = 'SYMPTOM_CHECKED',
  PROVIDER_RATED = 'PROVIDER_RATED',
  TREATMENT_PLAN_CREATED = 'TREATMENT_PLAN_CREATED',
  TREATMENT_PLAN_COMPLETED = 'TREATMENT_PLAN_COMPLETED',
  // Plan journey
  PLAN_SELECTED = 'PLAN_SELECTED',
  PLAN_PURCHASED = 'PLAN_PURCHASED',
  CLAIM_SUBMITTED = 'CLAIM_SUBMITTED',
  CLAIM_APPROVED = 'CLAIM_APPROVED',
  BENEFIT_USED = 'BENEFIT_USED',
  DOCUMENT_UPLOADED = 'DOCUMENT_UPLOADED',
  COVERAGE_CHECKED = 'COVERAGE_CHECKED',
  PLAN_RENEWED = 'PLAN_RENEWED',
  PLAN_COMPARED = 'PLAN_COMPARED',
  // User (account-wide)
  USER_REGISTERED = 'USER_REGISTERED',
  PROFILE_COMPLETED = 'PROFILE_COMPLETED',
  DAILY_LOGIN = 'DAILY_LOGIN',
  WEEKLY_ACTIVE = 'WEEKLY_ACTIVE',
  FEEDBACK_PROVIDED = 'FEEDBACK_PROVIDED',
  FEATURE_USED = 'FEATURE_USED',
  JOURNEY_SWITCHED = 'JOURNEY_SWITCHED',
  REWARD_REDEEMED = 'REWARD_REDEEMED',
}

/** Event types of the Health journey. */
export const HEALTH_EVENT_TYPES = [
  EventType.HEALTH_METRIC_RECORDED,
  EventType.GOAL_CREATED,
  EventType.GOAL_UPDATED,
  EventType.GOAL_ACHIEVED,
  EventType.DEVICE_CONNECTED,
  EventType.DEVICE_SYNCED,
  EventType.HEALTH_INSIGHT_VIEWED,
  EventType.MEDICAL_RECORD_ADDED,
] as const;

/** Event types of the Care journey. */
export const CARE_EVENT_TYPES = [
  EventType.APPOINTMENT_BOOKED,
  EventType.APPOINTMENT_ATTENDED,
  EventType.APPOINTMENT_CANCELLED,
  EventType.MEDICATION_ADDED,
  EventType.MEDICATION_TAKEN,
  EventType.TELEMEDICINE_SESSION_STARTED,
  EventType.TELEMEDICINE_SESSION_COMPLETED,
  EventType.SYMPTOM_CHECKED,
  EventType.PROVIDER_RATED,
  EventType.TREATMENT_PLAN_CREATED,
  EventType.TREATMENT_PLAN_COMPLETED,
] as const;

/** Event types of the Plan journey. */
export const PLAN_EVENT_TYPES = [
  EventType.PLAN_SELECTED,
  EventType.PLAN_PURCHASED,
  EventType.CLAIM_SUBMITTED,
  EventType.CLAIM_APPROVED,
  EventType.BENEFIT_USED,
  EventType.DOCUMENT_UPLOADED,
  EventType.COVERAGE_CHECKED,
  EventType.PLAN_RENEWED,
  EventType.PLAN_COMPARED,
] as const;

/** Account-wide event types (the User journey). */
export const USER_EVENT_TYPES = [
  EventType.USER_REGISTERED,
  EventType.PROFILE_COMPLETED,
  EventType.DAILY_LOGIN,
  EventType.WEEKLY_ACTIVE,
  EventType.FEEDBACK_PROVIDED,
  EventType.FEATURE_USED,
  EventType.JOURNEY_SWITCHED,
  EventType.REWARD_REDEEMED,
] as const;

/** An event type of the Health journey. */
export type HealthEventType = (typeof HEALTH_EVENT_TYPES)[number];
/** An event type of the Care journey. */
export type CareEventType = (typeof CARE_EVENT_TYPES)[number];
/** An event type of the Plan journey. */
export type PlanEventType = (typeof PLAN_EVENT_TYPES)[number];
/** An account-wide event type. */
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** The event types of each journey. */
export const EVENT_TYPES_BY_JOURNEY: Readonly<Record<Journey, readonly EventType[]>> = {
  health: HEALTH_EVENT_TYPES,
  care: CARE_EVENT_TYPES,
  plan: PLAN_EVENT_TYPES,
  user: USER_EVENT_TYPES,
};

/** All event types, in declaration order. */
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

const JOURNEY_BY_TYPE: ReadonlyMap<string, Journey> = new Map(JOURNEYS.flatMap((journey) => EVENT_TYPES_BY_JOURNEY[journey].map((type) => [type, journey] as const)));

const JOURNEY_SET: ReadonlySet<string> = new Set(JOURNEYS);

/** Whether `value` is one of the {@link EventType} values (case-sensitive). */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && JOURNEY_BY_TYPE.has(value);
}

/** Whether `value` is one of the {@link JOURNEYS} (case-sensitive). */
export function isJourney(value: unknown): value is Journey {
  return typeof value === 'string' && JOURNEY_SET.has(value);
}

/**
 * The journey an event type belongs to.
 * @throws {RangeError} if `type` is not an {@link EventType} (only possible from untyped code)
 */
export function journeyOfType(type: EventType): Journey {
  const journey = JOURNEY_BY_TYPE.get(type);
  if (journey === undefined) throw new RangeError(`Unknown event type: ${String(type)}`);
  return journey;
}
