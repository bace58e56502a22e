import { ValidationError } from '../../errors';
import { EventType } from '../journeys';
import { EVENT_PAYLOAD_SCHEMAS, EventPayloadMap } from '../payloads';
import { CURRENT_SCHEMA_VERSION, upgradePayload } from '../versioning';
import { describeValue } from '../describe-value';
import { assertStorableText } from './storable-text';
import { toValidationIssues, zodIssueMessage } from './zod-issues';

/** Default limit on the JSON size of `data`, in bytes. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16_384;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** UTF-8 byte length of the value's JSON form. */
function jsonByteLength(value: unknown): number {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError('data', 'must be JSON-serialisable', { cause: error });
  }
  return Buffer.byteLength(json ?? '', 'utf8');
}

/**
 * Checks that `data` is a plain object whose JSON form, as sent, fits in `maxPayloadBytes`, and
 * whose every string (keys too, at any depth) PostgreSQL can store.
 * @throws {ValidationError} on field `data`, or `data.<path>` for text that cannot be stored
 */
export function checkPayloadEnvelope(value: unknown, maxPayloadBytes: number): Record<string, unknown> {
  if (value === undefined || value === null) throw new ValidationError('data', 'is required');
  if (!isPlainObject(value)) throw new ValidationError('data', `expected an object, received ${describeValue(value)}`);
  const bytes = jsonByteLength(value);
  if (bytes > maxPayloadBytes) {
    throw new ValidationError('data', `payload is ${bytes} bytes, larger than the limit of ${maxPayloadBytes} bytes`);
  }
  assertStorableText(value, 'data');
  return value;
}

/**
 * Upgrades a payload from the producer's schema version, then validates it against the
 * schema of `type`.
 * @throws {ValidationError} on `data.<path>`, listing every problem found
 */
export function parsePayload<T extends EventType>(type: T, data: Readonly<Record<string, unknown>>, schemaVersion: string): EventPayloadMap[T] {
  const upgraded = schemaVersion === CURRENT_SCHEMA_VERSION ? data : upgradePayload(type, data, schemaVersion);
  const result = EVENT_PAYLOAD_SCHEMAS[type].safeParse(upgraded, { error: zodIssueMessage });
  if (!result.success) throw ValidationError.fromIssues(toValidationIssues(result.error, 'data'));
  return result.data as EventPayloadMap[T];
}
