/*
 * Enumerations used by event payloads. String enums whose value is the name, so that they
 * read the same in JSON, in rules files and in code.
 */

/** Kind of health measurement. */
export enum MetricType {
  HEART_RATE = 'HEART_RATE',
  BLOOD_PRESSURE = 'BLOOD_PRESSURE',
  BLOOD_GLUCOSE = 'BLOOD_GLUCOSE',
  STEPS = 'STEPS',
  SLEEP = 'SLEEP',
  WEIGHT = 'WEIGHT',
  BODY_TEMPERATURE = 'BODY_TEMPERATURE',
  OXYGEN_SATURATION = 'OXYGEN_SATURATION',
}

/** Where a measurement came from. */
export enum MetricSource {
  MANUAL = 'MANUAL',
  WEARABLE = 'WEARABLE',
  DEVICE = 'DEVICE',
  INTEGRATION = 'INTEGRATION',
}

/** What a health goal tracks. */
export enum GoalType {
  STEPS = 'STEPS',
  SLEEP = 'SLEEP',
  WEIGHT = 'WEIGHT',
  HEART_RATE = 'HEART_RATE',
  BLOOD_PRESSURE = 'BLOOD_PRESSURE',
  BLOOD_GLUCOSE = 'BLOOD_GLUCOSE',
  EXERCISE = 'EXERCISE',
  WATER_INTAKE = 'WATER_INTAKE',
  CUSTOM = 'CUSTOM',
}

/** Lifecycle state of a health goal. */
export enum GoalStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  PAUSED = 'PAUSED',
  ABANDONED = 'ABANDONED',
}

/** Period over which a goal's target applies. */
export enum GoalPeriod {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  CUSTOM = 'CUSTOM',
}

/** Kind of connected health device. */
export enum DeviceType {
  SMARTWATCH = 'SMARTWATCH',
  FITNESS_TRACKER = 'FITNESS_TRACKER',
  SMART_SCALE = 'SMART_SCALE',
  BLOOD_PRESSURE_MONITOR = 'BLOOD_PRESSURE_MONITOR',
  GLUCOSE_MONITOR = 'GLUCOSE_MONITOR',
  PULSE_OXIMETER = 'PULSE_OXIMETER',
  THERMOMETER = 'THERMOMETER',
  OTHER = 'OTHER',
}

/** Kind of medical record added to the user's history. */
export enum MedicalRecordType {
  LAB_RESULT = 'LAB_RESULT',
  IMAGING = 'IMAGING',
  PRESCRIPTION = 'PRESCRIPTION',
  VACCINATION = 'VACCINATION',
  DIAGNOSIS = 'DIAGNOSIS',
  PROCEDURE = 'PROCEDURE',
  ALLERGY = 'ALLERGY',
  VISIT_SUMMARY = 'VISIT_SUMMARY',
  OTHER = 'OTHER',
}

/** How an appointment takes place. */
export enum AppointmentType {
  IN_PERSON = 'IN_PERSON',
  TELEMEDICINE = 'TELEMEDICINE',
  HOME_VISIT = 'HOME_VISIT',
}

/** Lifecycle state of an appointment. */
export enum AppointmentStatus {
  SCHEDULED = 'SCHEDULED',
  CONFIRMED = 'CONFIRMED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  NO_SHOW = 'NO_SHOW',
}

/** Whether a dose was taken on schedule. */
export enum MedicationAdherence {
  ON_TIME = 'ON_TIME',
  EARLY = 'EARLY',
  LATE = 'LATE',
}

/** Severity reported by the symptom checker. */
export enum SymptomSeverity {
  MILD = 'MILD',
  MODERATE = 'MODERATE',
  SEVERE = 'SEVERE',
}

/** Tier of an insurance plan. */
export enum PlanType {
  BASIC = 'BASIC',
  STANDARD = 'STANDARD',
  PREMIUM = 'PREMIUM',
  FAMILY = 'FAMILY',
  CORPORATE = 'CORPORATE',
}

/** Lifecycle state of an insurance claim. */
export enum ClaimStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}

/** Kind of document uploaded to the Plan journey. */
export enum DocumentType {
  ID_CARD = 'ID_CARD',
  INSURANCE_CARD = 'INSURANCE_CARD',
  MEDICAL_RECEIPT = 'MEDICAL_RECEIPT',
  INVOICE = 'INVOICE',
  PRESCRIPTION = 'PRESCRIPTION',
  MEDICAL_REPORT = 'MEDICAL_REPORT',
  REFERRAL = 'REFERRAL',
  OTHER = 'OTHER',
}
