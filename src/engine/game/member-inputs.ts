import { memberPeriodOrdinal, periodsShortenedByZoneChange, type MemberZone } from '../calendar/member-calendar';
import type { CompiledAchievement, CompiledGame, CompiledStreak } from '../rules/compiled-game';
import { markPeriod } from '../streaks/fold-streak';
import { EXCUSED } from '../streaks/streak-state';
import { closeBefore, updateStreak, type StreakUpdate } from '../streaks/update-streak';
import { creditCoins, unlockOnce } from './evaluate-event';
import type { AchievementUnlock, CoinAward } from './evaluation';
import { levelFor } from './levels';
import { memberZoneOf, type UserGameState } from './user-state';

/**
 * Inputs other than events that change a member's game: excuses and changes of time zone. Each
 * is a pure function of the state and the input (with its time), so a member's history can be
 * replayed from events and these inputs in order.
 */

/** Adds (or deducts) manual points at `at`; a total never goes below 0. Returns what the total moved by. */
export function applyManualPoints(state: UserGameState, requested: number, at: Date, game: CompiledGame): number {
  const applied = Math.max(requested, -state.totalPoints);
  addPoints(state, applied, at, game);
  return applied;
}

/** What granting an achievement did: nothing when the member had it, else its unlock, bonus points and coins. */
export interface AchievementGrant {
  unlocked: AchievementUnlock[];
  touched: string[];
  points: number;
  coinAwards: CoinAward[];
}

/** Unlocks an achievement at `at` (with its bonus points and coins) unless the member has it. */
export function grantAchievementTo(state: UserGameState, achievement: CompiledAchievement, at: Date, game: CompiledGame): AchievementGrant {
  const unlocked: AchievementUnlock[] = [];
  const touched: string[] = [];
  const granted = unlockOnce(state, achievement, at, unlocked, touched);
  const points = granted ? achievement.points : 0;
  addPoints(state, points, at, game);
  const coinAwards: CoinAward[] = granted && achievement.coins > 0 ? [{ sourceType: 'achievement', sourceKey: achievement.key, coins: achievement.coins, expiresAt: null }] : [];
  creditCoins(state, coinAwards, game, at);
  return { unlocked, touched, points, coinAwards };
}

function addPoints(state: UserGameState, points: number, at: Date, game: CompiledGame): void {
  state.totalPoints += points;
  state.level = levelFor(state.totalPoints, game.levels);
  if (points > 0) state.pointsReachedAt = new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/** Excuses the periods `from`..`to` (ordinals) of a member's streak: they neither extend nor break it. */
export function excuseStreakPeriods(state: UserGameState, streak: CompiledStreak, from: number, to: number, now: Date, defaultTimeZone: string): StreakUpdate | null {
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
