import { DateTime } from 'luxon';
import type { LimitPeriod } from '../rules/rules-document';

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function calendarDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

/** Whole days from one `YYYY-MM-DD` to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  return Math.round(end.diff(start, 'days').days);
}

/**
 * Names the calendar period an instant falls in: `2026-11-26` (day), `2026-W48` (ISO week,
 * Monday first) or `2026-11` (month), in the given time zone.
 */
export function periodKey(instant: Date, period: LimitPeriod, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  switch (period) {
    case 'day':
      return local.toISODate() as string;
    case 'week':
      return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
    case 'month':
      return local.toFormat('yyyy-MM');
  }
}
