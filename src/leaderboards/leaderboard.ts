import { DateTime } from 'luxon';
import type { Journey } from '../contract';
import { periodKey } from '../engine/game/calendar';
import type { LimitPeriod } from '../engine/rules/rules-document';

export enum LeaderboardPeriod {
  ALL_TIME = 'ALL_TIME',
  MONTH = 'MONTH',
  WEEK = 'WEEK',
  DAY = 'DAY',
}

export interface LeaderboardQuery {
  /** A journey's board, or the overall board when absent. */
  journey?: Journey;
  period: LeaderboardPeriod;
  limit: number;
  /** When set, the window is centred on this member instead of the top. */
  around?: string;
  at?: Date;
}

export interface RankedMember {
  rank: number;
  userId: string;
  points: number;
}

export interface LeaderboardPage {
  journey: Journey | null;
  period: LeaderboardPeriod;
  /** The calendar period shown, e.g. `2026-W48`; `all` for ALL_TIME. */
  periodKey: string;
  entries: RankedMember[];
}

/**
 * Reads leaderboards. Ranking: more points first; on a tie, whoever reached their score
 * earlier (the event time of their latest award) ranks first; then by userId so ranks are stable.
 */
export interface LeaderboardReader {
  top(query: LeaderboardQuery): Promise<LeaderboardPage>;
  rankOf(userId: string, query: Omit<LeaderboardQuery, 'limit' | 'around'>): Promise<RankedMember | null>;
}

/**
 * The instants bounding the calendar period containing `at`, in `timeZone`, and its name: the
 * same names points-rule caps use (`2026-11-26`, `2026-W48`, `2026-11`), or `all`.
 */
export function periodBounds(period: LeaderboardPeriod, at: Date, timeZone: string): { from?: Date; to?: Date; key: string } {
  if (period === LeaderboardPeriod.ALL_TIME) return { key: 'all' };
  const unit: LimitPeriod = period === LeaderboardPeriod.DAY ? 'day' : period === LeaderboardPeriod.WEEK ? 'week' : 'month';
  const start = DateTime.fromJSDate(at, { zone: timeZone }).startOf(unit);
  const end = start.plus({ [`${unit}s`]: 1 });
  return { from: start.toJSDate(), to: end.toJSDate(), key: periodKey(at, unit, timeZone) };
}
