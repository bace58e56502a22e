import { EventType } from '../../../src/contract';

/** The `data` fields each event type requires (written out by hand, independent of the schemas). */
export const REQUIRED_FIELDS: Readonly<Record<EventType, readonly string[]>> = {
  [EventType.HEALTH_METRIC_RECORDED]: ['metricType', 'value', 'unit'],
  [EventType.GOAL_CREATED]: ['goalId', 'goalType', 'targetValue', 'unit'],
  [EventType.GOAL_UPDATED]: ['goalId', 'goalType', 'targetValue', 'unit'],
  [EventType.GOAL_ACHIEVED]: ['goalId', 'goalType', 'targetValue', 'unit'],
  [EventType.DEVICE_CONNECTED]: ['deviceId', 'deviceType'],
  [EventType.DEVICE_SYNCED]: ['deviceId', 'deviceType'],
  [EventType.HEALTH_INSIGHT_VIEWED]: ['insightId', 'insightType'],
  [EventType.MEDICAL_RECORD_ADDED]: ['recordId', 'recordType'],
  [EventType.APPOINTMENT_BOOKED]: ['appointmentId', 'appointmentType', 'providerId', 'scheduledDate', 'status'],
  [EventType.APPOINTMENT_ATTENDED]: ['appointmentId', 'appointmentType', 'providerId', 'scheduledDate', 'status'],
  [EventType.APPOINTMENT_CANCELLED]: ['appointmentId', 'appointmentType', 'providerId', 'scheduledDate', 'status'],
  [EventType.MEDICATION_ADDED]: ['medicationId', 'name', 'dosage'],
  [EventType.MEDICATION_TAKEN]: ['medicationId', 'takenAt'],
  [EventType.TELEMEDICINE_SESSION_STARTED]: ['sessionId', 'providerId'],
  [EventType.TELEMEDICINE_SESSION_COMPLETED]: ['sessionId', 'providerId', 'durationMinutes'],
  [EventType.SYMPTOM_CHECKED]: ['symptoms'],
  [EventType.PROVIDER_RATED]: ['providerId', 'rating'],
  [EventType.TREATMENT_PLAN_CREATED]: ['planId', 'name'],
  [EventType.TREATMENT_PLAN_COMPLETED]: ['planId'],
  [EventType.PLAN_SELECTED]: ['planId', 'planType'],
  [EventType.PLAN_PURCHASED]: ['planId', 'planType'],
  [EventType.CLAIM_SUBMITTED]: ['claimId', 'planId', 'amount', 'status', 'submissionDate', 'serviceDate', 'serviceType'],
  [EventType.CLAIM_APPROVED]: ['claimId', 'planId', 'amount', 'status', 'submissionDate', 'serviceDate', 'serviceType'],
  [EventType.BENEFIT_USED]: ['benefitId', 'benefitType'],
  [EventType.DOCUMENT_UPLOADED]: ['documentId', 'documentType'],
  [EventType.COVERAGE_CHECKED]: ['coverageType'],
  [EventType.PLAN_RENEWED]: ['planId', 'planType'],
  [EventType.PLAN_COMPARED]: ['planIds'],
  [EventType.USER_REGISTERED]: [],
  [EventType.PROFILE_COMPLETED]: ['completionPercentage'],
  [EventType.DAILY_LOGIN]: [],
  [EventType.WEEKLY_ACTIVE]: ['activeDays'],
  [EventType.FEEDBACK_PROVIDED]: ['rating'],
  [EventType.FEATURE_USED]: ['featureName'],
  [EventType.JOURNEY_SWITCHED]: ['from', 'to'],
  [EventType.REWARD_REDEEMED]: ['rewardKey'],
};

/** Every (type, required field) pair, for `it.each`. */
export const REQUIRED_FIELD_CASES: ReadonlyArray<readonly [EventType, string]> = Object.values(EventType).flatMap(
  (type) => REQUIRED_FIELDS[type].map((field) => [type, field] as const),
);
