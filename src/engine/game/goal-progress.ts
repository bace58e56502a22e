import { firstDayOf, memberPeriodOrdinal, type MemberZone } from '../calendar/member-calendar';
import type { CompiledAchievement, CompiledGoal } from '../rules/compiled-game';
import type { IdentifiedEvent } from './evaluation';
import type { AchievementProgress, GoalPeriod } from './user-state';

/** Periods of a goal kept for late events: enough for a daily goal over the default 7-day grace. */
export const GOAL_PERIODS_KEPT = 9;

export interface GoalClock {
  zone: MemberZone;
  now: Date;
  lateEventGraceMs: number;
}

/**
 * Adds an event to its own period of a goal (a late event fills its own day or week). An event
 * older than the grace counts only towards the period in progress. Returns whether the period
 * was reached by this event, or null when the event changed nothing.
 */
export function addToGoal(
  achievement: CompiledAchievement & { goal: CompiledGoal },
  current: AchievementProgress,
  event: IdentifiedEvent,
  clock: GoalClock,
): { next: AchievementProgress; reached: boolean } | null {
  const { goal } = achievement;
  const period = memberPeriodOrdinal(clock.zone, event.timestamp, goal.per);
  const beyondGrace = event.timestamp.getTime() < clock.now.getTime() - clock.lateEventGraceMs;
  if (beyondGrace && period !== memberPeriodOrdinal(clock.zone, clock.now, goal.per)) return null;

  const periods = current.goal ?? [];
  let entry = periods.find((candidate) => candidate.period === period);
  if (!entry) {
    if (periods.length >= GOAL_PERIODS_KEPT && period < periods[0].period) return null;
    entry = { period, value: 0, days: 0, reached: false };
  }
  const updated = goal.unit === 'sum' ? addValue(entry, goal.sum!(event)) : addDay(entry, event, goal, clock.zone);
  if (updated === entry) return null;
  const reached = !updated.reached && progressOf(updated, goal) >= goal.target;
  if (reached) updated.reached = true;
  const kept = [...periods.filter((candidate) => candidate.period !== period), updated].sort((a, b) => a.period - b.period).slice(-GOAL_PERIODS_KEPT);
  return { next: { ...current, progress: progressOf(updated, goal), goal: kept }, reached };
}

function addValue(entry: GoalPeriod, value: number | undefined): GoalPeriod {
  if (value === undefined || value <= 0) return entry;
  return { ...entry, value: entry.value + value };
}

function addDay(entry: GoalPeriod, event: IdentifiedEvent, goal: CompiledGoal, zone: MemberZone): GoalPeriod {
  const dayIndex = memberPeriodOrdinal(zone, event.timestamp, 'day') - firstDayOf(entry.period, goal.per);
  const bit = 1 << dayIndex;
  if (entry.days & bit) return entry;
  return { ...entry, days: entry.days | bit };
}

/** A period's progress in the goal's unit: the sum in whole units (readings may be fractional), or the number of active days. */
export function progressOf(entry: GoalPeriod, goal: CompiledGoal): number {
  if (goal.unit === 'sum') return Math.floor(entry.value);
  let days = entry.days;
  let count = 0;
  while (days) {
    days &= days - 1;
    count += 1;
  }
  return count;
}
