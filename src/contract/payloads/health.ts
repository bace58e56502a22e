import { z } from 'zod';
import { DeviceType, GoalPeriod, GoalStatus, GoalType, MedicalRecordType, MetricSource, MetricType } from '../enums';
import { count, idField, isoDateField, nonNegativeNumber, percentage, textField } from './fields';
import { metricProblem } from './metric-ranges';

/** `HEALTH_METRIC_RECORDED`: one measurement (steps, heart rate, weight...), in a unit and range its type allows. */
export const healthMetricRecordedSchema = z
  .looseObject({
    metricType: z.enum(MetricType),
    value: z.number(),
    unit: textField(),
    source: z.enum(MetricSource).optional(),
    /** When the measurement was taken, if different from the event's timestamp. */
    timestamp: isoDateField().optional(),
    deviceId: idField().optional(),
  })
  .check((context) => {
    // Only a measurement whose fields are each valid can be judged as a whole.
    if (context.issues.length > 0) return;
    const data = context.value;
    const problem = metricProblem(data.metricType, data.value, data.unit);
    if (problem) context.issues.push({ code: 'custom', path: [problem.field], message: problem.message, input: data[problem.field] });
  });

/** Fields common to the goal events. */
const goalSchema = z.looseObject({
  goalId: idField(),
  goalType: z.enum(GoalType),
  targetValue: nonNegativeNumber(),
  unit: textField(),
  currentValue: nonNegativeNumber().optional(),
  /** Progress towards the target, in percent. */
  progress: percentage().optional(),
  status: z.enum(GoalStatus).optional(),
  period: z.enum(GoalPeriod).optional(),
  startDate: isoDateField().optional(),
  endDate: isoDateField().optional(),
});

/** `GOAL_CREATED`: the user set a new goal. */
export const goalCreatedSchema = goalSchema;

/** `GOAL_UPDATED`: a goal's target or progress changed. */
export const goalUpdatedSchema = goalSchema;

/** `GOAL_ACHIEVED`: a goal's target was reached. */
export const goalAchievedSchema = goalSchema.extend({
  achievedAt: isoDateField().optional(),
});

/** Fields common to the device events. */
const deviceSchema = z.looseObject({
  deviceId: idField(),
  deviceType: z.enum(DeviceType),
  manufacturer: textField().optional(),
  model: textField().optional(),
});

/** `DEVICE_CONNECTED`: a wearable or medical device was paired. */
export const deviceConnectedSchema = deviceSchema;

/** `DEVICE_SYNCED`: a paired device uploaded its measurements. */
export const deviceSyncedSchema = deviceSchema.extend({
  /** How many measurements the sync brought in. */
  metricsCount: count().optional(),
  syncedAt: isoDateField().optional(),
});

/** `HEALTH_INSIGHT_VIEWED`: the user opened a generated insight. */
export const healthInsightViewedSchema = z.looseObject({
  insightId: idField(),
  insightType: textField(),
});

/** `MEDICAL_RECORD_ADDED`: a record joined the user's medical history. */
export const medicalRecordAddedSchema = z.looseObject({
  recordId: idField(),
  recordType: z.enum(MedicalRecordType),
  providerId: idField().optional(),
  recordDate: isoDateField().optional(),
});

/** Payload of `HEALTH_METRIC_RECORDED`. */
export type HealthMetricRecordedPayload = z.infer<typeof healthMetricRecordedSchema>;
/** Payload of `GOAL_CREATED` and `GOAL_UPDATED`. */
export type GoalPayload = z.infer<typeof goalSchema>;
/** Payload of the device events. */
export type DevicePayload = z.infer<typeof deviceSchema>;
