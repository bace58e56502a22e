import { isDeepStrictEqual } from 'node:util';
import { levelFor } from '../game/levels';
import type { AchievementProgress, QuestProgress, UserGameState } from '../game/user-state';
import type { CompiledGame } from '../rules/compiled-game';
import type { StreakState } from '../streaks/streak-state';
import { ledgerLineKey, type HeldReward, type LedgerLineSum, type RecomputedMember } from './recompute-member';

/** A member as stored today, over the same history the recompute replayed. */
export interface CurrentMember {
  /** Totals and every progress row of the member. */
  state: UserGameState;
  /** Ledger sums of the history's events and manual inputs, by `ledgerLineKey` (earlier corrections counted in). */
  lines: ReadonlyMap<string, LedgerLineSum>;
  /** Coins earned (and corrected) by event id. */
  coinsByEvent: ReadonlyMap<string, number>;
  /** Reward keys the member holds. */
  rewards: ReadonlySet<string>;
}

/** Keys whose rows change: written again (`upsert`) or removed (nothing left of them). */
export interface KeyChanges {
  upsert: string[];
  remove: string[];
}

/** What a correction writes to bring a member from their current state to the recomputed one. */
export interface MemberCorrection {
  /** The member's state afterwards (coins: today's balance moved by `coinsDelta`; it may go below 0, owed). */
  state: UserGameState;
  previousTotal: number;
  previousLevel: number;
  pointsDelta: number;
  /** Compensating ledger lines, one per event and source whose points changed (signed). */
  lines: LedgerLineSum[];
  coinsDelta: number;
  /** Compensating coin lines, one per event whose coins changed (signed). */
  coinLines: { eventId: string; amount: number }[];
  achievements: KeyChanges & { gained: string[]; revoked: string[] };
  quests: KeyChanges & { completed: string[]; revoked: string[] };
  rewards: { granted: HeldReward[]; revoked: string[] };
  streaks: KeyChanges & { nextChecks: { key: string; nextCheckAt: Date | null }[] };
  ruleUsage: KeyChanges;
  /** False when the member is already in the recomputed state: nothing to write. */
  changed: boolean;
}

/**
 * The difference between a member's current state and the recomputed one, as what to write:
 * ledger lines that explain every point that moved (by event and source, so boards and reports
 * keep each line's time and journey), coins clawed back or credited, and the progress rows that
 * differ. A member already in the recomputed state gets `changed: false`.
 */
export function correctionOf(current: CurrentMember, recomputed: RecomputedMember, game: CompiledGame): MemberCorrection {
  const now = current.state;
  const next = recomputed.state;
  const lines = lineDeltas(current.lines, recomputed.lines);
  const coinLines = coinDeltas(current.coinsByEvent, recomputed.coinsByEvent);
  const coinsDelta = coinLines.reduce((sum, line) => sum + line.amount, 0);
  const state: UserGameState = {
    ...next,
    level: levelFor(next.totalPoints, game.levels),
    coins: now.coins + coinsDelta,
    timeZone: now.timeZone,
    zoneChange: now.zoneChange,
  };
  const achievements = keyChanges(now.achievements, next.achievements, sameAchievement);
  const quests = keyChanges(now.quests, next.quests, sameQuest);
  const streaks = keyChanges(now.streaks, next.streaks, sameStreak);
  const ruleUsage = keyChanges(now.ruleUsage, next.ruleUsage, (a, b) => a.uses === b.uses && a.points === b.points);
  const timesEarned = (progress: ReadonlyMap<string, AchievementProgress>, key: string) => progress.get(key)?.timesEarned ?? 0;
  const completed = (progress: ReadonlyMap<string, QuestProgress>, key: string) => progress.get(key)?.completedAt != null;
  const touchedAchievements = [...achievements.upsert, ...achievements.remove];
  const touchedQuests = [...quests.upsert, ...quests.remove];
  const rewards = {
    granted: [...recomputed.rewards].filter(([key]) => !current.rewards.has(key)).map(([, held]) => held),
    revoked: [...current.rewards].filter((key) => !recomputed.rewards.has(key)).sort(),
  };
  const correction: MemberCorrection = {
    state,
    previousTotal: now.totalPoints,
    previousLevel: now.level,
    pointsDelta: next.totalPoints - now.totalPoints,
    lines,
    coinsDelta,
    coinLines,
    achievements: {
      ...achievements,
      gained: touchedAchievements.filter((key) => timesEarned(next.achievements, key) > timesEarned(now.achievements, key)),
      revoked: touchedAchievements.filter((key) => timesEarned(next.achievements, key) < timesEarned(now.achievements, key)),
    },
    quests: {
      ...quests,
      completed: touchedQuests.filter((key) => completed(next.quests, key) && !completed(now.quests, key)),
      revoked: touchedQuests.filter((key) => !completed(next.quests, key) && completed(now.quests, key)),
    },
    rewards,
    streaks: { ...streaks, nextChecks: streaks.upsert.map((key) => ({ key, nextCheckAt: recomputed.streakChecks.get(key) ?? null })) },
    ruleUsage,
    changed: false,
  };
  correction.changed =
    lines.length > 0 ||
    coinLines.length > 0 ||
    state.totalPoints !== now.totalPoints ||
    state.level !== now.level ||
    state.pointsReachedAt?.getTime() !== now.pointsReachedAt?.getTime() ||
    [achievements, quests, streaks, ruleUsage].some((changes) => changes.upsert.length + changes.remove.length > 0) ||
    rewards.granted.length + rewards.revoked.length > 0;
  return correction;
}

function lineDeltas(current: ReadonlyMap<string, LedgerLineSum>, recomputed: ReadonlyMap<string, LedgerLineSum>): LedgerLineSum[] {
  const deltas: LedgerLineSum[] = [];
  for (const [key, line] of recomputed) {
    const delta = line.points - (current.get(key)?.points ?? 0);
    if (delta !== 0) deltas.push({ ...line, points: delta });
  }
  for (const [key, line] of current) {
    if (!recomputed.has(key) && line.points !== 0) deltas.push({ ...line, points: -line.points });
  }
  return deltas.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || compare(ledgerLineKey(a.eventId, a.source), ledgerLineKey(b.eventId, b.source)));
}

function coinDeltas(current: ReadonlyMap<string, number>, recomputed: ReadonlyMap<string, number>): { eventId: string; amount: number }[] {
  const eventIds = [...new Set([...current.keys(), ...recomputed.keys()])].sort(compare);
  return eventIds.map((eventId) => ({ eventId, amount: (recomputed.get(eventId) ?? 0) - (current.get(eventId) ?? 0) })).filter((line) => line.amount !== 0);
}

function keyChanges<T>(current: ReadonlyMap<string, T>, next: ReadonlyMap<string, T>, same: (a: T, b: T) => boolean): KeyChanges {
  const upsert = [...next]
    .filter(([key, value]) => {
      const was = current.get(key);
      return was === undefined || !same(was, value);
    })
    .map(([key]) => key);
  const remove = [...current.keys()].filter((key) => !next.has(key));
  return { upsert: upsert.sort(compare), remove: remove.sort(compare) };
}

function sameAchievement(a: AchievementProgress, b: AchievementProgress): boolean {
  return (
    a.progress === b.progress &&
    a.streakLastDay === b.streakLastDay &&
    a.timesEarned === b.timesEarned &&
    a.unlockedAt?.getTime() === b.unlockedAt?.getTime() &&
    isDeepStrictEqual(a.goal, b.goal)
  );
}

function sameQuest(a: QuestProgress, b: QuestProgress): boolean {
  return (
    a.completedAt?.getTime() === b.completedAt?.getTime() &&
    a.stepProgress.length === b.stepProgress.length &&
    a.stepProgress.every((count, index) => count === b.stepProgress[index])
  );
}

/** Stored streaks come back from jsonb with their keys reordered: compared by content. */
function sameStreak(a: StreakState, b: StreakState): boolean {
  return isDeepStrictEqual(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
