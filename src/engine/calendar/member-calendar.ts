import { IANAZone } from 'luxon';
import type { LimitPeriod } from '../rules/rules-document';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A member's last change of time zone: events from `at` on are placed in the new zone. */
export interface ZoneChange {
  at: Date;
  previous: string;
}

/** The zone a member's calendar keys are taken in, and its last change (null: never changed). */
export interface MemberZone {
  timeZone: string;
  change: ZoneChange | null;
}

const zones = new Map<string, IANAZone>();

function offsetMs(instantMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = IANAZone.create(timeZone);
    zones.set(timeZone, zone);
  }
  return zone.offset(instantMs) * 60_000;
}

export function isKnownTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/**
 * A calendar period as a whole number, so that consecutive periods differ by 1: days since
 * 1970-01-01, ISO weeks (Monday first) since the week of 1970-01-01, or months since year 0.
 */
export function periodOrdinal(instant: Date, period: LimitPeriod, timeZone: string): number {
  const localMs = instant.getTime() + offsetMs(instant.getTime(), timeZone);
  const day = Math.floor(localMs / DAY_MS);
  switch (period) {
    case 'day':
      return day;
    case 'week':
      // 1970-01-01 was a Thursday: day -3 is the Monday that starts week 0.
      return Math.floor((day + 3) / 7);
    case 'month': {
      const local = new Date(localMs);
      return local.getUTCFullYear() * 12 + local.getUTCMonth();
    }
  }
}

/**
 * The member's period of an instant. The rule for a change of zone: an event before the change
 * is placed in the previous zone; after it, in the new zone, but never in a period earlier than
 * the one the member had reached in the previous zone at the change. Flying west across
 * midnight therefore never counts a day twice (the repeated hours stay in the day already
 * reached); flying east never loses one (see `periodsShortenedByZoneChange`).
 */
export function memberPeriodOrdinal(zone: MemberZone, instant: Date, period: LimitPeriod): number {
  const { change } = zone;
  if (change === null) return periodOrdinal(instant, period, zone.timeZone);
  if (instant < change.at) return periodOrdinal(instant, period, change.previous);
  return Math.max(periodOrdinal(instant, period, zone.timeZone), periodOrdinal(change.at, period, change.previous));
}

/**
 * Periods a change of zone cut short or jumped over (flying east across midnight): from the one
 * after the period the member was in, to the new zone's period in progress at the change. Streaks
 * treat them as excused unless the member was active in them, so the change never costs a day.
 */
export function periodsShortenedByZoneChange(zone: MemberZone, period: LimitPeriod): { from: number; to: number } | null {
  if (zone.change === null) return null;
  const before = periodOrdinal(zone.change.at, period, zone.change.previous);
  const after = periodOrdinal(zone.change.at, period, zone.timeZone);
  return after > before ? { from: before + 1, to: after } : null;
}

/** The key people read: `2026-11-26` (day), `2026-W48` (ISO week) or `2026-11` (month). */
export function periodKeyOf(ordinal: number, period: LimitPeriod): string {
  switch (period) {
    case 'day':
      return new Date(ordinal * DAY_MS).toISOString().slice(0, 10);
    case 'week': {
      const monday = ordinal * 7 - 3;
      // ISO 8601: the week belongs to the year of its Thursday.
      const thursday = new Date((monday + 3) * DAY_MS);
      const weekYear = thursday.getUTCFullYear();
      const week = 1 + Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
      return `${weekYear}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return `${Math.floor(ordinal / 12)}-${String((ordinal % 12) + 1).padStart(2, '0')}`;
  }
}

/** The ordinal of a key `periodKeyOf` wrote (its inverse). */
export function ordinalOfPeriodKey(key: string, period: LimitPeriod): number {
  switch (period) {
    case 'day':
      return Date.parse(`${key}T00:00:00Z`) / DAY_MS;
    case 'week': {
      const [year, week] = key.split('-W').map(Number);
      // ISO 8601: week 1 is the one holding January 4th.
      const january4 = Date.UTC(year, 0, 4) / DAY_MS;
      const mondayOfWeek1 = january4 - ((new Date(january4 * DAY_MS).getUTCDay() + 6) % 7);
      return (mondayOfWeek1 + (week - 1) * 7 + 3) / 7;
    }
    case 'month': {
      const [year, month] = key.split('-').map(Number);
      return year * 12 + month - 1;
    }
  }
}

export function memberPeriodKey(zone: MemberZone, instant: Date, period: LimitPeriod): string {
  return periodKeyOf(memberPeriodOrdinal(zone, instant, period), period);
}

/** The first day (day ordinal) of a period. */
export function firstDayOf(ordinal: number, period: LimitPeriod): number {
  switch (period) {
    case 'day':
      return ordinal;
    case 'week':
      return ordinal * 7 - 3;
    case 'month':
      return Math.floor(Date.UTC(Math.floor(ordinal / 12), ordinal % 12, 1) / DAY_MS);
  }
}

/** The instant a period ends (its next period starts) in a zone. */
export function periodEnd(ordinal: number, period: LimitPeriod, timeZone: string): Date {
  const localMs = firstDayOf(ordinal + 1, period) * DAY_MS;
  const guess = localMs - offsetMs(localMs, timeZone);
  return new Date(localMs - offsetMs(guess, timeZone));
}
