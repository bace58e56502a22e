import { memberPeriodOrdinal, periodEnd, type MemberZone } from '../calendar/member-calendar';
import type { CompiledGame } from '../rules/compiled-game';
import { markPeriod } from '../streaks/fold-streak';
import { ACTIVE, newStreakState } from '../streaks/streak-state';
import { closeBefore, updateStreak, type StreakUpdate } from '../streaks/update-streak';
import type { GoalClock } from './goal-progress';
import type { IdentifiedEvent } from './evaluation';
import type { UserGameState } from './user-state';

/**
 * Marks the event's own period active in every named streak it matches (a late event fills its
 * own day and may mend a gap) and closes the periods before the current one. An event older
 * than the grace changes only the period in progress.
 */
export function recordStreakActivity(state: UserGameState, event: IdentifiedEvent, game: CompiledGame, clock: GoalClock): StreakUpdate[] {
  const updates: StreakUpdate[] = [];
  for (const streak of game.streaksByEvent.get(event.type) ?? []) {
    if (!streak.matches(event)) continue;
    const period = memberPeriodOrdinal(clock.zone, event.timestamp, streak.per);
    const current = memberPeriodOrdinal(clock.zone, clock.now, streak.per);
    const beyondGrace = event.timestamp.getTime() < clock.now.getTime() - clock.lateEventGraceMs;
    if (beyondGrace && period !== current) continue;
    const streakState = state.streaks.get(streak.key) ?? newStreakState(period, streak.freezes.initial);
    const update = updateStreak(streak, streakState, clock.zone, (target) => {
      const marked = markPeriod(target, period, ACTIVE);
      const closed = closeBefore(target, Math.max(current, period));
      return marked || closed;
    });
    state.streaks.set(streak.key, streakState);
    if (update) updates.push(update);
  }
  return updates;
}

/**
 * Time has passed (the streak sweep): closes the periods before `now`'s in every streak given,
 * and says when to look at each again (null: no run left to lose).
 */
export function closeStreaksAt(
  state: UserGameState,
  game: CompiledGame,
  zone: MemberZone,
  now: Date,
  keys: Iterable<string>,
): { updates: StreakUpdate[]; nextChecks: { key: string; nextCheckAt: Date | null }[] } {
  const updates: StreakUpdate[] = [];
  const nextChecks: { key: string; nextCheckAt: Date | null }[] = [];
  for (const key of keys) {
    const streak = game.streakByKey.get(key);
    const streakState = state.streaks.get(key);
    if (!streakState) continue;
    if (!streak) {
      nextChecks.push({ key, nextCheckAt: null }); // no longer in the rules
      continue;
    }
    const current = memberPeriodOrdinal(zone, now, streak.per);
    const update = updateStreak(streak, streakState, zone, (target) => closeBefore(target, current));
    if (update) updates.push(update);
    const running = streakState.run.current > 0;
    nextChecks.push({ key, nextCheckAt: update ? update.nextCheckAt : running ? periodEnd(current, streak.per, zone.timeZone) : null });
  }
  return { updates, nextChecks };
}
