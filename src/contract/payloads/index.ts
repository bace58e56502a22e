import type { z } from 'zod';
import { EventType } from '../journeys';
import * as care from './care';
import * as health from './health';
import * as plan from './plan';
import * as user from './user';

export * from './health';
export * from './care';
export * from './plan';
export * from './user';
export * from './metric-ranges';
export { MAX_AMOUNT } from './fields';

/**
 * The zod schema of each event type's `data`. Objects accept unknown extra keys (kept in the
 * parsed output) but every required field must be present and valid.
 */
export const EVENT_PAYLOAD_SCHEMAS = {
  [EventType.HEALTH_METRIC_RECORDED]: health.healthMetricRecordedSchema,
  [EventType.GOAL_CREATED]: health.goalCreatedSchema,
  [EventType.GOAL_UPDATED]: health.goalUpdatedSchema,
  [EventType.GOAL_ACHIEVED]: health.goalAchievedSchema,
  [EventType.DEVICE_CONNECTED]: health.deviceConnectedSchema,
  [EventType.DEVICE_SYNCED]: health.deviceSyncedSchema,
  [EventType.HEALTH_INSIGHT_VIEWED]: health.healthInsightViewedSchema,
  [EventType.MEDICAL_RECORD_ADDED]: health.medicalRecordAddedSchema,
  [EventType.APPOINTMENT_BOOKED]: care.appointmentBookedSchema,
  [EventType.APPOINTMENT_ATTENDED]: care.appointmentAttendedSchema,
  [EventType.APPOINTMENT_CANCELLED]: care.appointmentCancelledSchema,
  [EventType.MEDICATION_ADDED]: care.medicationAddedSchema,
  [EventType.MEDICATION_TAKEN]: care.medicationTakenSchema,
  [EventType.TELEMEDICINE_SESSION_STARTED]: care.telemedicineSessionStartedSchema,
  [EventType.TELEMEDICINE_SESSION_COMPLETED]: care.telemedicineSessionCompletedSchema,
  [EventType.SYMPTOM_CHECKED]: care.symptomCheckedSchema,
  [EventType.PROVIDER_RATED]: care.providerRatedSchema,
  [EventType.TREATMENT_PLAN_CREATED]: care.treatmentPlanCreatedSchema,
  [EventType.TREATMENT_PLAN_COMPLETED]: care.treatmentPlanCompletedSchema,
  [EventType.PLAN_SELECTED]: plan.planSelectedSchema,
  [EventType.PLAN_PURCHASED]: plan.planPurchasedSchema,
  [EventType.CLAIM_SUBMITTED]: plan.claimSubmittedSchema,
  [EventType.CLAIM_APPROVED]: plan.claimApprovedSchema,
  [EventType.BENEFIT_USED]: plan.benefitUsedSchema,
  [EventType.DOCUMENT_UPLOADED]: plan.documentUploadedSchema,
  [EventType.COVERAGE_CHECKED]: plan.coverageCheckedSchema,
  [EventType.PLAN_RENEWED]: plan.planRenewedSchema,
  [EventType.PLAN_COMPARED]: plan.planComparedSchema,
  [EventType.USER_REGISTERED]: user.userRegisteredSchema,
  [EventType.PROFILE_COMPLETED]: user.profileCompletedSchema,
  [EventType.DAILY_LOGIN]: user.dailyLoginSchema,
  [EventType.WEEKLY_ACTIVE]: user.weeklyActiveSchema,
  [EventType.FEEDBACK_PROVIDED]: user.feedbackProvidedSchema,
  [EventType.FEATURE_USED]: user.featureUsedSchema,
  [EventType.JOURNEY_SWITCHED]: user.journeySwitchedSchema,
  [EventType.REWARD_REDEEMED]: user.rewardRedeemedSchema,
} as const satisfies { readonly [K in EventType]: z.ZodType<Record<string, unknown>> };

/** The validated `data` of each event type. */
export type EventPayloadMap = { [K in EventType]: z.infer<(typeof EVENT_PAYLOAD_SCHEMAS)[K]> };

/** The validated `data` of event type `T`. */
export type EventPayload<T extends EventType> = EventPayloadMap[T];
