import { ValidationError } from '../../errors';
import { parseIsoDate } from '../iso-date';
import { EVENT_TYPES, EventType, isEventType, isJourney, Journey, JOURNEYS, journeyOfType } from '../journeys';
import { describeValue } from '../describe-value';
import { assertStorableText } from './storable-text';

/*
 * Checks of the event envelope (everything but `data` and `version`). Each returns the
 * normalised value or throws a ValidationError naming the field.
 */

/** Longest accepted producer event id. */
export const MAX_EVENT_ID_LENGTH = 200;

/** Any RFC 4122/9562-shaped UUID, as PostgreSQL's `uuid` type accepts it (case-insensitive). */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireString(field: string, value: unknown, expected: string): string {
  if (value === undefined || value === null) throw new ValidationError(field, 'is required');
  if (typeof value !== 'string') throw new ValidationError(field, `expected ${expected}, received ${describeValue(value)}`);
  return value;
}

/** Validates `type`: a known {@link EventType} (case-sensitive). */
export function parseEventType(value: unknown): EventType {
  const type = requireString('type', value, 'an event type string');
  if (!isEventType(type)) {
    throw new ValidationError('type', `unknown event type ${JSON.stringify(type)}; expected one of ${EVENT_TYPES.join(', ')}`);
  }
  return type;
}

/**
 * A member id in its one spelling: UUIDs lower-cased (iOS' `UUID().uuidString` is upper-case),
 * anything else unchanged (it is refused or compared as sent).
 */
export function canonicalUserId(value: string): string {
  return UUID_PATTERN.test(value) ? value.toLowerCase() : value;
}

/**
 * The `userId` a raw, not yet validated event claims, as sent (undefined when it has none or it
 * is not a string): what the doors need before validation (lanes, rate limits, access, metrics).
 */
export function rawUserId(raw: unknown): string | undefined {
  const userId = raw !== null && typeof raw === 'object' ? (raw as { userId?: unknown }).userId : undefined;
  return typeof userId === 'string' ? userId : undefined;
}

/** Validates `userId`: a UUID. Returns it lower-cased so that one user has one spelling. */
export function parseUserId(value: unknown): string {
  const userId = requireString('userId', value, 'a UUID string');
  if (!UUID_PATTERN.test(userId)) throw new ValidationError('userId', `expected a UUID, received ${JSON.stringify(userId)}`);
  return userId.toLowerCase();
}

/** Validates the optional producer `id`: absent/null, or a non-blank string of at most 200 characters that PostgreSQL can store. */
export function parseEventId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError('id', `expected a string, received ${describeValue(value)}`);
  if (value.trim() === '') throw new ValidationError('id', 'must not be empty');
  if (value.length > MAX_EVENT_ID_LENGTH) {
    throw new ValidationError('id', `must have at most ${MAX_EVENT_ID_LENGTH} characters, received ${value.length}`);
  }
  assertStorableText(value, 'id');
  return value;
}

/**
 * Validates `timestamp`: a valid `Date` or ISO 8601 string (read as UTC when it has no
 * offset), at most `maxFutureSkewMs` after `now` and, when `maxAgeMs` is given, at most that
 * long before it.
 */
export function parseTimestamp(value: unknown, now: Date, maxFutureSkewMs: number, maxAgeMs?: number): Date {
  if (value === undefined || value === null) throw new ValidationError('timestamp', 'is required');
  let timestamp: Date | undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError('timestamp', 'expected a valid Date, received invalid Date');
    timestamp = new Date(value.getTime());
  } else if (typeof value === 'string') {
    timestamp = parseIsoDate(value);
  } else {
    throw new ValidationError('timestamp', `expected an ISO 8601 date string or a Date, received ${describeValue(value)}`);
  }
  if (timestamp === undefined) {
    throw new ValidationError('timestamp', `expected a valid ISO 8601 date, received ${JSON.stringify(value)}`);
  }
  const aheadMs = timestamp.getTime() - now.getTime();
  if (aheadMs > maxFutureSkewMs) {
    throw new ValidationError('timestamp', `${timestamp.toISOString()} is ${aheadMs} ms in the future, more than the allowed clock skew of ${maxFutureSkewMs} ms`);
  }
  if (maxAgeMs !== undefined && -aheadMs > maxAgeMs) {
    throw new ValidationError('timestamp', `${timestamp.toISOString()} is ${formatDuration(-aheadMs)} old; events from this sender may be at most ${formatDuration(maxAgeMs)} old`);
  }
  return timestamp;
}

const HOUR_MS = 60 * 60 * 1000;

/** `72 h`, `30 d`, `90 s`: the largest whole unit that reads naturally, rounded down. */
function formatDuration(ms: number): string {
  if (ms >= 4 * 24 * HOUR_MS) return `${Math.floor(ms / (24 * HOUR_MS))} d`;
  if (ms >= HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)} min`;
  return `${Math.floor(ms / 1000)} s`;
}

/**
 * Validates `journey` and returns the event's journey: inferred from `type` when absent,
 * otherwise one of {@link JOURNEYS} that must be the type's own. With `type` unknown
 * (already reported), only the journey's own validity is checked.
 */
export function resolveJourney(value: unknown, type: EventType | undefined): Journey | undefined {
  const expected = type === undefined ? undefined : journeyOfType(type);
  if (value === undefined || value === null) return expected;
  if (!isJourney(value)) {
    const received = typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
    throw new ValidationError('journey', `expected one of ${JOURNEYS.join(', ')}, received ${received}`);
  }
  if (expected !== undefined && value !== expected) {
    throw new ValidationError('journey', `"${value}" does not match event type ${String(type)} (journey "${expected}")`);
  }
  return value;
}
