import { MetricType } from '../enums';

/** The values a measurement may take in one unit. */
export interface MetricUnitRange {
  /** The unit as producers write it, case-sensitive. */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

/**
 * The units each metric type is accepted in, and the physically plausible values in each:
 * wide enough for every real member (athletes, infants, ICU readings), narrow enough that a
 * typo or a forged reading cannot buy points. `BLOOD_PRESSURE`'s value is the systolic one.
 */
export const METRIC_RANGES: { readonly [K in MetricType]: readonly MetricUnitRange[] } = {
  // Not whole numbers: wearables' aggregates (HealthKit statistics, averages) are fractional.
  [MetricType.STEPS]: [{ unit: 'steps', min: 0, max: 100_000 }],
  [MetricType.HEART_RATE]: [{ unit: 'bpm', min: 20, max: 250 }],
  [MetricType.BLOOD_PRESSURE]: [{ unit: 'mmHg', min: 40, max: 300 }],
  [MetricType.BLOOD_GLUCOSE]: [
    { unit: 'mg/dL', min: 10, max: 1000 },
    { unit: 'mmol/L', min: 0.5, max: 55 },
  ],
  [MetricType.SLEEP]: [
    { unit: 'hours', min: 0, max: 24 },
    { unit: 'minutes', min: 0, max: 1440 },
  ],
  [MetricType.WEIGHT]: [
    { unit: 'kg', min: 0.5, max: 500 },
    { unit: 'lb', min: 1, max: 1100 },
  ],
  [MetricType.BODY_TEMPERATURE]: [
    { unit: '°C', min: 25, max: 45 },
    { unit: '°F', min: 77, max: 113 },
  ],
  [MetricType.OXYGEN_SATURATION]: [{ unit: '%', min: 50, max: 100 }],
};

/** What is wrong with a measurement, by field, or `undefined` when it is plausible. */
export function metricProblem(metricType: MetricType, value: number, unit: string): { field: 'unit' | 'value'; message: string } | undefined {
  const ranges = METRIC_RANGES[metricType];
  const range = ranges.find((candidate) => candidate.unit === unit);
  if (range === undefined) {
    return { field: 'unit', message: `expected one of ${ranges.map((r) => JSON.stringify(r.unit)).join(', ')} for ${metricType}, received ${JSON.stringify(unit)}` };
  }
  if (value < range.min || value > range.max) {
    return { field: 'value', message: `must be from ${range.min} to ${range.max} ${range.unit} for ${metricType}, received ${value}` };
  }
  return undefined;
}
