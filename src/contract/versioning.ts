import semver from 'semver';
import { ValidationError } from '../errors';
import { describeValue } from './describe-value';
import { EventType } from './journeys';
import { PayloadData, SCHEMA_TRANSFORMS, SchemaTransform } from './schema-transforms';

/** The schema version the engine validates against; every parsed event is upgraded to it. */
export const CURRENT_SCHEMA_VERSION = '1.1.0';

/** The producer schema versions the engine accepts (a semver range). */
export const SUPPORTED_SCHEMA_RANGE = '>=1.0.0 <2.0.0';

const SUPPORTED_HINT = `supported versions: ${SUPPORTED_SCHEMA_RANGE} (current ${CURRENT_SCHEMA_VERSION})`;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSemver(field: string, value: unknown): string {
  if (value === undefined) throw new ValidationError(field, `is required; ${SUPPORTED_HINT}`);
  if (typeof value !== 'string') {
    throw new ValidationError(field, `expected a semantic version string, received ${describeValue(value)}`);
  }
  const version = semver.valid(value);
  if (version === null) {
    throw new ValidationError(field, `${JSON.stringify(value)} is not a valid semantic version; ${SUPPORTED_HINT}`);
  }
  return version;
}

function checkCompatibility(compatibility: unknown): void {
  const field = 'version.compatibility';
  if (compatibility === undefined || compatibility === null) return;
  if (!isRecord(compatibility)) {
    throw new ValidationError(field, `expected an object with minVersion and maxVersion, received ${describeValue(compatibility)}`);
  }
  const min = parseSemver(`${field}.minVersion`, compatibility['minVersion']);
  const max = parseSemver(`${field}.maxVersion`, compatibility['maxVersion']);
  if (semver.gt(min, max)) throw new ValidationError(field, `minVersion ${min} is greater than maxVersion ${max}`);
  if (semver.lt(CURRENT_SCHEMA_VERSION, min) || semver.gt(CURRENT_SCHEMA_VERSION, max)) {
    throw new ValidationError(field, `the engine's schema version ${CURRENT_SCHEMA_VERSION} is outside the producer's window [${min}, ${max}]`);
  }
}

/**
 * Validates an event's `version` block and returns the producer's schema version, normalised.
 * An absent (or null) block means {@link CURRENT_SCHEMA_VERSION}.
 * @throws {ValidationError} on field `version.schemaVersion` when the version is not valid
 * semver or outside {@link SUPPORTED_SCHEMA_RANGE}; on `version.compatibility` when the
 * current version is outside the producer's `[minVersion, maxVersion]` window
 */
export function resolveSchemaVersion(version: unknown): string {
  if (version === undefined || version === null) return CURRENT_SCHEMA_VERSION;
  if (!isRecord(version)) {
    throw new ValidationError('version', `expected an object with a schemaVersion, received ${describeValue(version)}`);
  }
  const schemaVersion = parseSemver('version.schemaVersion', version['schemaVersion']);
  if (!semver.satisfies(schemaVersion, SUPPORTED_SCHEMA_RANGE)) {
    throw new ValidationError('version.schemaVersion', `${schemaVersion} is not supported; ${SUPPORTED_HINT}`);
  }
  checkCompatibility(version['compatibility']);
  return schemaVersion;
}

function appliesTo(transform: SchemaTransform, type: EventType, target: string): boolean {
  return semver.eq(transform.to, target) && (transform.type === undefined || transform.type === type);
}

/**
 * Upgrades a payload written at `fromVersion` to {@link CURRENT_SCHEMA_VERSION} step by step:
 * at each version, the transforms whose `from` range contains it and whose `to` is above it
 * are candidates; the lowest such `to` is the next version, and the candidates leading there
 * (for this event type or for every type) run in registry order. Versions with no candidate
 * need no change. Never mutates `data`.
 */
export function upgradePayload(type: EventType, data: Readonly<PayloadData>, fromVersion: string, transforms: readonly SchemaTransform[] = SCHEMA_TRANSFORMS): PayloadData {
  let version = fromVersion;
  let upgraded: PayloadData = { ...data };
  while (semver.lt(version, CURRENT_SCHEMA_VERSION)) {
    const current = version;
    const step = transforms.filter((t) => semver.satisfies(current, t.from) && semver.gt(t.to, current));
    const [target] = step.map((transform) => transform.to).sort(semver.compare);
    if (target === undefined) break;
    for (const transform of step) {
      if (appliesTo(transform, type, target)) upgraded = transform.upgrade(upgraded);
    }
    version = target;
  }
  return upgraded;
}
