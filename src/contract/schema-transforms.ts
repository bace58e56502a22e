import { EventType } from './journeys';

/** A payload as it travels between schema versions: a plain JSON-like object. */
export type PayloadData = Record<string, unknown>;

/**
 * One step of payload upgrade between schema versions.
 *
 * Transforms are applied in version order: while the event's version is below the current
 * one, every transform whose `from` range contains it (and whose `type`, if any, is the
 * event's type) runs, then the version becomes `to`.
 */
export interface SchemaTransform {
  /** Semver range of the versions this transform upgrades from, e.g. `'1.0.x'`. */
  readonly from: string;
  /** The version the payload has after this step, e.g. `'1.1.0'`. */
  readonly to: string;
  /** Restricts the transform to one event type; absent means every type. */
  readonly type?: EventType;
  /** What the step changes, for humans. */
  readonly description: string;
  /** Returns the upgraded payload; must not mutate its argument. */
  upgrade(data: Readonly<PayloadData>): PayloadData;
}

/**
 * Moves `data[from]` to `data[to]` unless `to` already holds a value; the old key is dropped
 * either way. A key holding `undefined` counts as absent, as it would in JSON.
 */
function renameField(data: Readonly<PayloadData>, from: string, to: string): PayloadData {
  if (!Object.hasOwn(data, from)) return { ...data };
  const { [from]: value, ...rest } = data;
  return rest[to] !== undefined ? rest : { ...rest, [to]: value };
}

/**
 * Schema 1.0.x wrote the metric kind as `metric` and the measurement time as `recordedAt`;
 * 1.1.0 calls them `metricType` and `timestamp`.
 */
export const HEALTH_METRIC_FIELD_NAMES_1_1: SchemaTransform = {
  from: '1.0.x',
  to: '1.1.0',
  type: EventType.HEALTH_METRIC_RECORDED,
  description: 'HEALTH_METRIC_RECORDED: rename metric → metricType and recordedAt → timestamp',
  upgrade: (data) => renameField(renameField(data, 'metric', 'metricType'), 'recordedAt', 'timestamp'),
};

/** Every payload upgrade the engine knows, oldest first. */
export const SCHEMA_TRANSFORMS: readonly SchemaTransform[] = [HEALTH_METRIC_FIELD_NAMES_1_1];
