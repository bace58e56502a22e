import { DateTime } from 'luxon';

/**
 * ISO 8601 calendar date, optionally with a time (`T` separator, optional seconds and
 * fraction) and an optional UTC offset (`Z`, `+01`, `+0100`, `+01:00`).
 */
const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses an ISO 8601 date or date-time string. Strings without an offset are read as UTC
 * so that the result never depends on the server's time zone.
 * @returns the instant, or `undefined` if the string is not a valid ISO 8601 date
 */
export function parseIsoDate(value: string): Date | undefined {
  if (UTC_TIMESTAMP_PATTERN.test(value)) return parseUtcTimestamp(value);
  if (!ISO_DATE_PATTERN.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/** The shape producers send nearly always (`toISOString()`): parsed natively, not by luxon. */
const UTC_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** `Date` rolls impossible dates over (Feb 30 → Mar 2); a round trip of the date part refuses them. */
function parseUtcTimestamp(value: string): Date | undefined {
  const date = new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time) || date.toISOString().slice(0, 10) !== value.slice(0, 10)) return undefined;
  return date;
}

/** Whether `value` is a valid ISO 8601 date or date-time string (see {@link parseIsoDate}). */
export function isIsoDateString(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) !== undefined;
}
