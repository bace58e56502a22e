import { z } from 'zod';
import { AppointmentStatus, AppointmentType, MedicationAdherence, SymptomSeverity } from '../enums';
import { durationWithinDay, idField, isoDateField, percentage, rating, textField, textList } from './fields';

/** Fields common to the appointment events. */
const appointmentSchema = z.looseObject({
  appointmentId: idField(),
  appointmentType: z.enum(AppointmentType),
  providerId: idField(),
  scheduledDate: isoDateField(),
  status: z.enum(AppointmentStatus),
  specialty: textField().optional(),
});

/** `APPOINTMENT_BOOKED`: the user booked an appointment. */
export const appointmentBookedSchema = appointmentSchema;

/** `APPOINTMENT_ATTENDED`: the user showed up. */
export const appointmentAttendedSchema = appointmentSchema.extend({
  attendedAt: isoDateField().optional(),
});

/** `APPOINTMENT_CANCELLED`: the appointment was cancelled. */
export const appointmentCancelledSchema = appointmentSchema.extend({
  reason: textField().optional(),
});

/** `MEDICATION_ADDED`: a medication joined the user's regimen. */
export const medicationAddedSchema = z.looseObject({
  medicationId: idField(),
  name: textField(),
  dosage: textField(),
  frequency: textField().optional(),
  startDate: isoDateField().optional(),
  endDate: isoDateField().optional(),
});

/** `MEDICATION_TAKEN`: the user took a dose. */
export const medicationTakenSchema = z.looseObject({
  medicationId: idField(),
  takenAt: isoDateField(),
  adherence: z.enum(MedicationAdherence).optional(),
  name: textField().optional(),
  dosage: textField().optional(),
});

/** `TELEMEDICINE_SESSION_STARTED`: a video consultation began. */
export const telemedicineSessionStartedSchema = z.looseObject({
  sessionId: idField(),
  providerId: idField(),
  appointmentId: idField().optional(),
  startedAt: isoDateField().optional(),
});

/** `TELEMEDICINE_SESSION_COMPLETED`: a video consultation ended normally. */
export const telemedicineSessionCompletedSchema = z.looseObject({
  sessionId: idField(),
  providerId: idField(),
  durationMinutes: durationWithinDay(24 * 60),
  appointmentId: idField().optional(),
  endedAt: isoDateField().optional(),
});

/** `SYMPTOM_CHECKED`: the user ran the symptom checker. */
export const symptomCheckedSchema = z.looseObject({
  symptoms: textList(1),
  severity: z.enum(SymptomSeverity).optional(),
  recommendation: textField().optional(),
});

/** `PROVIDER_RATED`: the user rated a provider. */
export const providerRatedSchema = z.looseObject({
  providerId: idField(),
  rating: rating(),
  appointmentId: idField().optional(),
  comment: z.string().optional(),
});

/** `TREATMENT_PLAN_CREATED`: a provider set up a treatment plan. */
export const treatmentPlanCreatedSchema = z.looseObject({
  planId: idField(),
  name: textField(),
  providerId: idField().optional(),
  startDate: isoDateField().optional(),
  endDate: isoDateField().optional(),
});

/** `TREATMENT_PLAN_COMPLETED`: the user finished a treatment plan. */
export const treatmentPlanCompletedSchema = z.looseObject({
  planId: idField(),
  name: textField().optional(),
  /** Share of the plan carried out, in percent. */
  progress: percentage().optional(),
  completedAt: isoDateField().optional(),
});

/** Payload of the appointment events. */
export type AppointmentPayload = z.infer<typeof appointmentSchema>;
