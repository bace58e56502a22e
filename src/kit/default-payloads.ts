import { randomUUID } from 'node:crypto';
import {
  AppointmentStatus,
  AppointmentType,
  ClaimStatus,
  DeviceType,
  DocumentType,
  EventPayloadMap,
  EventType,
  GoalPeriod,
  GoalStatus,
  GoalType,
  MedicalRecordType,
  MedicationAdherence,
  MetricSource,
  MetricType,
  PlanType,
  SymptomSeverity,
} from '../contract';

const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO string `days` days from `now` (negative: in the past). */
function daysFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

/** ISO calendar date (YYYY-MM-DD) of the Monday of `now`'s UTC week. */
function weekStartOf(now: Date): string {
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  return daysFrom(now, -daysSinceMonday).slice(0, 10);
}

/** Builds realistic, valid default payloads, one per event type, relative to `now`. */
export type DefaultPayloadFactories = { readonly [K in EventType]: (now: Date) => EventPayloadMap[K] };

/** Realistic valid `data` for every event type; fresh ids on every call. */
export const DEFAULT_PAYLOADS: DefaultPayloadFactories = {
  [EventType.HEALTH_METRIC_RECORDED]: (now) => ({
    metricType: MetricType.STEPS,
    value: 10_432,
    unit: 'steps',
    source: MetricSource.WEARABLE,
    timestamp: now.toISOString(),
  }),
  [EventType.GOAL_CREATED]: (now) => ({
    goalId: randomUUID(),
    goalType: GoalType.STEPS,
    targetValue: 10_000,
    unit: 'steps',
    currentValue: 0,
    progress: 0,
    status: GoalStatus.ACTIVE,
    period: GoalPeriod.DAILY,
    startDate: now.toISOString(),
  }),
  [EventType.GOAL_UPDATED]: () => ({
    goalId: randomUUID(),
    goalType: GoalType.STEPS,
    targetValue: 10_000,
    unit: 'steps',
    currentValue: 6_500,
    progress: 65,
    status: GoalStatus.ACTIVE,
  }),
  [EventType.GOAL_ACHIEVED]: (now) => ({
    goalId: randomUUID(),
    goalType: GoalType.STEPS,
    targetValue: 10_000,
    unit: 'steps',
    currentValue: 10_250,
    progress: 100,
    status: GoalStatus.COMPLETED,
    achievedAt: now.toISOString(),
  }),
  [EventType.DEVICE_CONNECTED]: () => ({
    deviceId: randomUUID(),
    deviceType: DeviceType.SMARTWATCH,
    manufacturer: 'Garmin',
    model: 'Venu 3',
  }),
  [EventType.DEVICE_SYNCED]: (now) => ({
    deviceId: randomUUID(),
    deviceType: DeviceType.SMARTWATCH,
    manufacturer: 'Garmin',
    metricsCount: 42,
    syncedAt: now.toISOString(),
  }),
  [EventType.HEALTH_INSIGHT_VIEWED]: () => ({
    insightId: randomUUID(),
    insightType: 'SLEEP_TREND',
  }),
  [EventType.MEDICAL_RECORD_ADDED]: (now) => ({
    recordId: randomUUID(),
    recordType: MedicalRecordType.LAB_RESULT,
    recordDate: daysFrom(now, -2),
  }),
  [EventType.APPOINTMENT_BOOKED]: (now) => ({
    appointmentId: randomUUID(),
    appointmentType: AppointmentType.IN_PERSON,
    providerId: randomUUID(),
    scheduledDate: daysFrom(now, 7),
    status: AppointmentStatus.SCHEDULED,
    specialty: 'Cardiology',
  }),
  [EventType.APPOINTMENT_ATTENDED]: (now) => ({
    appointmentId: randomUUID(),
    appointmentType: AppointmentType.IN_PERSON,
    providerId: randomUUID(),
    scheduledDate: daysFrom(now, -1 / 24),
    status: AppointmentStatus.COMPLETED,
    attendedAt: now.toISOString(),
  }),
  [EventType.APPOINTMENT_CANCELLED]: (now) => ({
    appointmentId: randomUUID(),
    appointmentType: AppointmentType.TELEMEDICINE,
    providerId: randomUUID(),
    scheduledDate: daysFrom(now, 3),
    status: AppointmentStatus.CANCELLED,
    reason: 'Schedule conflict',
  }),
  [EventType.MEDICATION_ADDED]: (now) => ({
    medicationId: randomUUID(),
    name: 'Metformin',
    dosage: '500 mg',
    frequency: 'twice daily',
    startDate: now.toISOString(),
  }),
  [EventType.MEDICATION_TAKEN]: (now) => ({
    medicationId: randomUUID(),
    takenAt: now.toISOString(),
    adherence: MedicationAdherence.ON_TIME,
    name: 'Metformin',
    dosage: '500 mg',
  }),
  [EventType.TELEMEDICINE_SESSION_STARTED]: (now) => ({
    sessionId: randomUUID(),
    providerId: randomUUID(),
    startedAt: now.toISOString(),
  }),
  [EventType.TELEMEDICINE_SESSION_COMPLETED]: (now) => ({
    sessionId: randomUUID(),
    providerId: randomUUID(),
    durationMinutes: 18,
    endedAt: now.toISOString(),
  }),
  [EventType.SYMPTOM_CHECKED]: () => ({
    symptoms: ['headache', 'fever'],
    severity: SymptomSeverity.MILD,
  }),
  [EventType.PROVIDER_RATED]: () => ({
    providerId: randomUUID(),
    rating: 5,
    comment: 'Attentive and clear.',
  }),
  [EventType.TREATMENT_PLAN_CREATED]: (now) => ({
    planId: randomUUID(),
    name: 'Post-surgery physiotherapy',
    startDate: now.toISOString(),
    endDate: daysFrom(now, 42),
  }),
  [EventType.TREATMENT_PLAN_COMPLETED]: (now) => ({
    planId: randomUUID(),
    name: 'Post-surgery physiotherapy',
    progress: 100,
    completedAt: now.toISOString(),
  }),
  [EventType.PLAN_SELECTED]: () => ({
    planId: randomUUID(),
    planType: PlanType.STANDARD,
    premium: 289.9,
  }),
  [EventType.PLAN_PURCHASED]: (now) => ({
    planId: randomUUID(),
    planType: PlanType.STANDARD,
    premium: 289.9,
    coverageStartDate: daysFrom(now, 1),
  }),
  [EventType.CLAIM_SUBMITTED]: (now) => ({
    claimId: randomUUID(),
    planId: randomUUID(),
    amount: 350,
    status: ClaimStatus.SUBMITTED,
    submissionDate: now.toISOString(),
    serviceDate: daysFrom(now, -5),
    serviceType: 'CONSULTATION',
    documentCount: 2,
  }),
  [EventType.CLAIM_APPROVED]: (now) => ({
    claimId: randomUUID(),
    planId: randomUUID(),
    amount: 350,
    status: ClaimStatus.APPROVED,
    submissionDate: daysFrom(now, -3),
    serviceDate: daysFrom(now, -8),
    serviceType: 'CONSULTATION',
    approvedAmount: 280,
  }),
  [EventType.BENEFIT_USED]: () => ({
    benefitId: randomUUID(),
    benefitType: 'GYM_DISCOUNT',
    amount: 49.9,
  }),
  [EventType.DOCUMENT_UPLOADED]: () => ({
    documentId: randomUUID(),
    documentType: DocumentType.MEDICAL_RECEIPT,
    fileSize: 248_312,
    mimeType: 'application/pdf',
  }),
  [EventType.COVERAGE_CHECKED]: () => ({
    coverageType: 'SPECIALIST_CONSULTATION',
    covered: true,
  }),
  [EventType.PLAN_RENEWED]: (now) => ({
    planId: randomUUID(),
    planType: PlanType.PREMIUM,
    premium: 489.9,
    renewalDate: now.toISOString(),
  }),
  [EventType.PLAN_COMPARED]: () => ({
    planIds: [randomUUID(), randomUUID()],
  }),
  [EventType.USER_REGISTERED]: () => ({
    method: 'EMAIL',
  }),
  [EventType.PROFILE_COMPLETED]: () => ({
    completionPercentage: 100,
    completedSections: ['personal', 'contact', 'health'],
  }),
  [EventType.DAILY_LOGIN]: (now) => ({
    loginDate: now.toISOString().slice(0, 10),
    platform: 'ios',
  }),
  [EventType.WEEKLY_ACTIVE]: (now) => ({
    weekStart: weekStartOf(now),
    activeDays: 5,
  }),
  [EventType.FEEDBACK_PROVIDED]: () => ({
    rating: 4,
    category: 'usability',
    comment: 'Easy to book appointments.',
  }),
  [EventType.FEATURE_USED]: () => ({
    featureName: 'symptom-checker',
    journey: 'care',
  }),
  [EventType.JOURNEY_SWITCHED]: () => ({
    from: 'health',
    to: 'care',
  }),
  [EventType.REWARD_REDEEMED]: () => ({
    rewardKey: 'pharmacy-discount-10',
    pointsSpent: 500,
  }),
};
