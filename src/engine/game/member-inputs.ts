import { memberPeriodOrdinal, periodsShortenedByZoneChange, type MemberZone } from '../calendar/member-calendar';
import type { CompiledGame, CompiledStreak } from '../rules/compiled-game';
import { markPeriod } from '../streaks/fold-streak';
import { EXCUSED } from '../streaks/streak-state';
import { closeBefore, updateStreak, type StreakUpdate } from '../streaks/update-streak';
import { memberZoneOf, type UserGameState } from './user-state';

/**
 * Inputs other than events that change a member's game: excuses and changes of time zone. Each
 * is a pure function of the state and the input (with its time), so a member's history can be
 * replayed from events and these inputs in order.
 */

/** Excuses the periods `from`..`to` (ordinals) of a member's streak: they neither extend nor break it. */
export function excuseStreakPeriods(
  state: UserGameState,
  streak: CompiledStreak,
  from: number,
  to: number,
  now: Date,
  defaultTimeZone: string,
): StreakUpdate | null {
  const streakState = state.streaks.get(streak.key);
  if (!streakState) return null;
  const zone = memberZoneOf(state, defaultTimeZone);
  const current = memberPeriodOrdinal(zone, now, streak.per);
  return updateStreak(streak, streakState, zone, (target) => {
    let changed = false;
    for (let period = from; period <= to; period += 1) changed = markPeriod(target, period, EXCUSED) || changed;
    return closeBefore(target, current) || changed;
  });
}

/**
 * Sets the member's zone from `at` on. Days the change cut short or jumped over (flying east
 * across midnight) are excused in the member's daily streaks, so the change never costs a day.
 */
export function changeTimeZone(state: UserGameState, timeZone: string, at: Date, game: CompiledGame, defaultTimeZone: string): StreakUpdate[] {
  const previous = state.timeZone ?? defaultTimeZone;
  state.zoneChange = { at, previous };
  state.timeZone = timeZone;
  const zone: MemberZone = memberZoneOf(state, defaultTimeZone);
  const shortened = periodsShortenedByZoneChange(zone, 'day');
  if (shortened === null) return [];
  const updates: StreakUpdate[] = [];
  for (const [key, streakState] of state.streaks) {
    const streak = game.streakByKey.get(key);
    if (streak?.per !== 'day') continue;
    const update = updateStreak(streak, streakState, zone, (target) => {
      let changed = false;
      for (let period = shortened.from; period <= shortened.to; period += 1) changed = markPeriod(target, period, EXCUSED) || changed;
      return changed;
    });
    if (update) updates.push(update);
  }
  return updates;
}
