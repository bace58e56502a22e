import { DateTime } from 'luxon';
import type { LimitPeriod } from '../rules/rules-document';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function calendarDay(instant: Date, timeZone: string): string {
  if (timeZone === 'UTC') return instant.toISOString().slice(0, 10);
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

/** Whole days from one `YYYY-MM-DD` to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Names the calendar period an instant falls in: `2026-11-26` (day), `2026-W48` (ISO week,
 * Monday first) or `2026-11` (month), in the given time zone. UTC, the default and the hot path
 * of every capped rule, is computed natively; other zones go through luxon.
 */
export function periodKey(instant: Date, period: LimitPeriod, timeZone: string): string {
  if (timeZone === 'UTC') return utcPeriodKey(instant, period);
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  switch (period) {
    case 'day':
      return local.toISODate() as string;
    case 'week':
      return isoWeekKey(local.weekYear, local.weekNumber);
    case 'month':
      return local.toFormat('yyyy-MM');
  }
}

function utcPeriodKey(instant: Date, period: LimitPeriod): string {
  switch (period) {
    case 'day':
      return instant.toISOString().slice(0, 10);
    case 'month':
      return instant.toISOString().slice(0, 7);
    case 'week': {
      // ISO 8601: the week belongs to the year of its Thursday.
      const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
      const weekday = (instant.getUTCDay() + 6) % 7;
      const thursday = new Date(midnight + (3 - weekday) * DAY_MS);
      const weekYear = thursday.getUTCFullYear();
      const week = 1 + Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
      return isoWeekKey(weekYear, week);
    }
  }
}

function isoWeekKey(weekYear: number, week: number): string {
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
