import { InternalError, ValidationError, ValidationIssue } from '../errors';
import type { GamificationEvent } from './base-event';
import { EventType } from './journeys';
import { CURRENT_SCHEMA_VERSION, resolveSchemaVersion } from './versioning';
import { describeValue } from './describe-value';
import { parseEventId, parseEventType, parseTimestamp, parseUserId, resolveJourney } from './validation/envelope';
import { checkPayloadEnvelope, DEFAULT_MAX_PAYLOAD_BYTES, parsePayload } from './validation/payload';

export { DEFAULT_MAX_PAYLOAD_BYTES } from './validation/payload';
export { canonicalUserId, MAX_EVENT_ID_LENGTH, rawUserId } from './validation/envelope';

/** Default tolerance for producer clocks running ahead: 5 minutes. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Options of {@link parseEvent}. */
export interface ParseEventOptions {
  /** The current time; defaults to `new Date()`. */
  now?: Date;
  /** How far in the future a timestamp may be, in ms; defaults to 5 minutes. */
  maxFutureSkewMs?: number;
  /** How far in the past a timestamp may be, in ms; no limit when absent (the engine sets it per producer). */
  maxAgeMs?: number;
  /** Largest accepted JSON size of `data`, in bytes; defaults to 16384. */
  maxPayloadBytes?: number;
}

/** Outcome of {@link validateEvent}. */
export type EventValidationResult = { ok: true; event: GamificationEvent } | { ok: false; error: ValidationError };

/** Gathers the issues of independent checks so that one error can report them all. */
class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  /** Runs a check; a ValidationError it throws is recorded and `undefined` returned. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.issues.push(...error.issues);
      return undefined;
    }
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a raw event (from GraphQL, Kafka or in-process) and returns it typed and
 * normalised: journey inferred from the type when absent, timestamp as a `Date`, `userId`
 * lower-cased, payload upgraded to {@link CURRENT_SCHEMA_VERSION} then validated against
 * its type's schema.
 *
 * @throws {ValidationError} when the event is invalid. `field` names the first field at
 * fault (`type`, `userId`, `id`, `timestamp`, `journey`, `version.schemaVersion`, `data`,
 * `data.<path>`...), `issues` lists every problem found and the message names each field.
 */
export function parseEvent(raw: unknown, options: ParseEventOptions = {}): GamificationEvent {
  if (!isRecord(raw)) throw new ValidationError('', `expected an object, received ${describeValue(raw)}`);
  const now = options.now ?? new Date();
  const maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;

  const collector = new IssueCollector();
  const type = collector.check(() => parseEventType(raw['type']));
  const userId = collector.check(() => parseUserId(raw['userId']));
  const id = collector.check(() => parseEventId(raw['id']));
  const timestamp = collector.check(() => parseTimestamp(raw['timestamp'], now, maxFutureSkewMs, options.maxAgeMs));
  const journey = collector.check(() => resolveJourney(raw['journey'], type));
  const schemaVersion = collector.check(() => resolveSchemaVersion(raw['version']));
  const data = collector.check(() => checkPayloadEnvelope(raw['data'], maxPayloadBytes));
  const payload = type !== undefined && schemaVersion !== undefined && data !== undefined ? collector.check(() => parsePayload(type, data, schemaVersion)) : undefined;

  if (collector.issues.length > 0) throw ValidationError.fromIssues(collector.issues);
  return buildEvent(type, userId, id, timestamp, journey, payload);
}

/** Assembles the validated event; every part is defined once no issue was collected. */
function buildEvent(
  type: EventType | undefined,
  userId: string | undefined,
  id: string | undefined,
  timestamp: Date | undefined,
  journey: GamificationEvent['journey'] | undefined,
  data: GamificationEvent['data'] | undefined,
): GamificationEvent {
  if (type === undefined || userId === undefined || timestamp === undefined || journey === undefined || data === undefined) {
    throw new InternalError('parseEvent: a checked event part is missing although no issue was recorded');
  }
  // Listed fields rather than object spread: this runs for every event, and spread is several times slower.
  const event: GamificationEvent = { type, userId, timestamp, journey, data, schemaVersion: CURRENT_SCHEMA_VERSION };
  if (id !== undefined) event.id = id;
  return event;
}

/**
 * Like {@link parseEvent} but returns the outcome instead of throwing a ValidationError.
 * Other errors (bugs) still propagate.
 */
export function validateEvent(raw: unknown, options: ParseEventOptions = {}): EventValidationResult {
  try {
    return { ok: true, event: parseEvent(raw, options) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, error };
    throw error;
  }
}
