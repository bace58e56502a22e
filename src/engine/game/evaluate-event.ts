import { memberPeriodKey } from '../calendar/member-calendar';
import type { CompiledAchievement, CompiledGame, CompiledQuest } from '../rules/compiled-game';
import { rewardSourceKey } from '../rules/compiled-game';
import type { StreakUpdate } from '../streaks/update-streak';
import { daysBetween } from './calendar';
import {
  DEFAULT_LATE_EVENT_GRACE_MS,
  type AchievementUnlock,
  type CoinAward,
  type EvaluationContext,
  type EventEvaluation,
  type IdentifiedEvent,
  type PointsAward,
  type RewardGrant,
} from './evaluation';
import { addToGoal, type GoalClock } from './goal-progress';
import { levelFor } from './levels';
import { awardRulePoints } from './rule-points';
import { recordStreakActivity } from './streak-activity';
import { emptyAchievementProgress, memberZoneOf, ruleUsageKey, type AchievementProgress, type QuestProgress, type UserGameState } from './user-state';

/**
 * The engine's decision for one event: points from every matching rule (formulas, boosts,
 * caps), then named streaks (milestones), achievement progress and unlocks (prerequisites
 * first), quest steps and completions, rewards for what unlocked or completed, and the new
 * level. No I/O: it updates `state` in place so that the member's next event in the batch sees
 * this one's effect. Calendar keys are taken in the member's own zone.
 */
export function evaluateEvent(state: UserGameState, event: IdentifiedEvent, game: CompiledGame, context: EvaluationContext): EventEvaluation {
  const clock: GoalClock = {
    zone: memberZoneOf(state, context.timeZone),
    now: context.now ?? event.timestamp,
    lateEventGraceMs: context.lateEventGraceMs ?? DEFAULT_LATE_EVENT_GRACE_MS,
  };
  const awards: PointsAward[] = [];
  const coinAwards: CoinAward[] = [];
  const touchedRuleUsage = awardRulePoints(state, event, game, clock.zone, awards, coinAwards);
  const streakUpdates = game.streaks.length > 0 ? recordStreakActivity(state, event, game, clock) : NO_STREAK_UPDATES;
  const unlocked: AchievementUnlock[] = [];
  const touchedAchievements: string[] = [];
  if (streakUpdates.length > 0) reachMilestones(state, event, game, streakUpdates, awards, coinAwards, unlocked, touchedAchievements);
  advanceAchievements(state, event, game, clock, unlocked, touchedAchievements);
  for (const unlock of unlocked) {
    if (unlock.points > 0) awards.push({ sourceType: 'achievement', sourceKey: ledgerKeyOf(unlock), points: unlock.points });
    if (unlock.coins > 0) coinAwards.push({ sourceType: 'achievement', sourceKey: ledgerKeyOf(unlock), coins: unlock.coins, expiresAt: null });
  }
  const { completed, touched: touchedQuests } = advanceQuests(state, event, game);
  for (const quest of completed) {
    if (quest.points > 0) awards.push({ sourceType: 'quest', sourceKey: quest.key, points: quest.points });
    if (quest.coins > 0) coinAwards.push({ sourceType: 'quest', sourceKey: quest.key, coins: quest.coins, expiresAt: null });
  }
  const coinsAwarded = coinAwards.length === 0 ? 0 : creditCoins(state, coinAwards, game, clock.now);

  const pointsAwarded = awards.reduce((sum, award) => sum + award.points, 0);
  const previousLevel = state.level;
  state.totalPoints += pointsAwarded;
  state.level = levelFor(state.totalPoints, game.levels);
  if (pointsAwarded > 0) {
    const reachedAt = wholeSecond(event.timestamp);
    if (state.pointsReachedAt === null || reachedAt > state.pointsReachedAt) state.pointsReachedAt = reachedAt;
  }

  return {
    event,
    awards,
    pointsAwarded,
    totalPoints: state.totalPoints,
    coinAwards,
    coinsAwarded,
    previousLevel,
    level: state.level,
    unlocked,
    completed,
    rewards: grantRewards(game, unlocked, completed),
    streakUpdates,
    touchedAchievements,
    touchedQuests,
    touchedRuleUsage,
    touchedStreaks: streakUpdates.map((update) => update.streak.key),
  };
}

const NO_STREAK_UPDATES: StreakUpdate[] = [];
const DAY_MS = 86_400_000;

/** Adds awarded coins to the balance, dating their expiry from `now` when the rules make coins expire; returns the sum. */
export function creditCoins(state: UserGameState, coinAwards: CoinAward[], game: CompiledGame, now: Date): number {
  const expiresAt = game.coinExpiryDays === null ? null : new Date(now.getTime() + game.coinExpiryDays * DAY_MS);
  let sum = 0;
  for (const award of coinAwards) {
    award.expiresAt = expiresAt;
    sum += award.coins;
  }
  state.coins += sum;
  return sum;
}

/** A tier's ledger line names the tier: `step-ladder:Silver`. */
export function ledgerKeyOf(unlock: AchievementUnlock): string {
  return unlock.tier === null ? unlock.achievement.key : `${unlock.achievement.key}:${unlock.tier}`;
}

/** The capped-rule counters an event may touch, so a store can load just those. */
export function ruleUsageKeysFor(event: IdentifiedEvent, game: CompiledGame, state: UserGameState, timeZone: string): string[] {
  const zone = memberZoneOf(state, timeZone);
  return (game.rulesByEvent.get(event.type) ?? [])
    .filter((rule) => rule.limit !== undefined)
    .map((rule) => ruleUsageKey(rule.id, memberPeriodKey(zone, event.timestamp, rule.limit!.per)));
}

/** Streak milestones: their points, and the achievements they unlock. */
function reachMilestones(
  state: UserGameState,
  event: IdentifiedEvent,
  game: CompiledGame,
  updates: StreakUpdate[],
  awards: PointsAward[],
  coinAwards: CoinAward[],
  unlocked: AchievementUnlock[],
  touched: string[],
): void {
  for (const update of updates) {
    for (const milestone of update.milestones) {
      const sourceKey = `${update.streak.key}:${milestone.length}`;
      if (milestone.points > 0) awards.push({ sourceType: 'streak', sourceKey, points: milestone.points });
      if (milestone.coins > 0) coinAwards.push({ sourceType: 'streak', sourceKey, coins: milestone.coins, expiresAt: null });
      const achievement = milestone.achievement === undefined ? undefined : game.achievementByKey.get(milestone.achievement);
      if (achievement) unlockOnce(state, achievement, event.timestamp, unlocked, touched);
    }
  }
}

/** Unlocks an achievement outright (a milestone, a manual grant); false when it already was. */
export function unlockOnce(state: UserGameState, achievement: CompiledAchievement, at: Date, unlocked: AchievementUnlock[], touched: string[]): boolean {
  const current = state.achievements.get(achievement.key) ?? emptyAchievementProgress();
  if (current.unlockedAt !== null) return false;
  state.achievements.set(achievement.key, { ...current, progress: Math.max(current.progress, achievement.target), unlockedAt: at, timesEarned: 1 });
  unlocked.push({ achievement, tier: null, points: achievement.points, coins: achievement.coins, first: true });
  touched.push(achievement.key);
  return true;
}

function advanceAchievements(state: UserGameState, event: IdentifiedEvent, game: CompiledGame, clock: GoalClock, unlocked: AchievementUnlock[], touched: string[]): void {
  for (const achievement of game.achievementsByEvent.get(event.type) ?? []) {
    const current = state.achievements.get(achievement.key) ?? emptyAchievementProgress();
    if (isFinished(achievement, current) || !isAvailable(achievement, state, event.timestamp) || !achievement.matches(event)) continue;
    let next: AchievementProgress;
    if (achievement.goal) {
      const added = addToGoal({ ...achievement, goal: achievement.goal }, current, event, clock);
      if (!added) continue;
      next = added.next;
      if (added.reached && (achievement.repeat || next.timesEarned === 0)) {
        next.timesEarned += 1;
        next.unlockedAt ??= event.timestamp;
        unlocked.push({ achievement, tier: null, points: achievement.points, coins: achievement.coins, first: next.timesEarned === 1 });
      }
    } else if (achievement.tiers) {
      next = { ...current, progress: current.progress + 1 };
      const tier = achievement.tiers.find((candidate) => candidate.count === next.progress);
      if (tier) {
        next.timesEarned += 1;
        next.unlockedAt ??= event.timestamp;
        unlocked.push({ achievement, tier: tier.name, points: tier.points, coins: tier.coins, first: next.timesEarned === 1 });
      }
    } else {
      next = achievement.streakDays !== undefined ? extendStreak(current, memberPeriodKey(clock.zone, event.timestamp, 'day')) : countOne(current);
      if (next === current) continue;
      if (next.progress >= achievement.target) {
        next.unlockedAt = event.timestamp;
        next.timesEarned = 1;
        unlocked.push({ achievement, tier: null, points: achievement.points, coins: achievement.coins, first: true });
      }
    }
    state.achievements.set(achievement.key, next);
    touched.push(achievement.key);
  }
}

/** Nothing more to earn: unlocked once (not repeatable), or every tier reached. */
function isFinished(achievement: CompiledAchievement, progress: AchievementProgress): boolean {
  if (achievement.tiers) return progress.progress >= achievement.target;
  if (achievement.repeat) return false;
  return progress.unlockedAt !== null;
}

function isAvailable(achievement: CompiledAchievement, state: UserGameState, at: Date): boolean {
  if (achievement.activeFrom && at < achievement.activeFrom) return false;
  if (achievement.activeUntil && at >= achievement.activeUntil) return false;
  return achievement.prerequisites.every((key) => state.achievements.get(key)?.unlockedAt != null);
}

function countOne(current: AchievementProgress): AchievementProgress {
  return { ...current, progress: current.progress + 1 };
}

/** Same day: unchanged. Next day: one longer. A gap: starts over. An earlier day (late event): ignored. */
function extendStreak(current: AchievementProgress, day: string): AchievementProgress {
  if (current.streakLastDay === null) return { ...current, progress: 1, streakLastDay: day };
  const gap = daysBetween(current.streakLastDay, day);
  if (gap <= 0) return current;
  return { ...current, progress: gap === 1 ? current.progress + 1 : 1, streakLastDay: day };
}

function advanceQuests(state: UserGameState, event: IdentifiedEvent, game: CompiledGame): { completed: CompiledQuest[]; touched: string[] } {
  const completed: CompiledQuest[] = [];
  const touched: string[] = [];
  for (const quest of game.questsByEvent.get(event.type) ?? []) {
    if (quest.startsAt && event.timestamp < quest.startsAt) continue;
    if (quest.endsAt && event.timestamp >= quest.endsAt) continue;
    const current = questProgressFor(state, quest);
    if (current.completedAt !== null) continue;
    let changed = false;
    const stepProgress = quest.steps.map((step, index) => {
      const done = current.stepProgress[index];
      if (done >= step.count || step.event !== event.type || !step.matches(event)) return done;
      changed = true;
      return done + 1;
    });
    if (!changed) continue;
    const next: QuestProgress = { stepProgress, completedAt: null };
    if (quest.steps.every((step, index) => stepProgress[index] >= step.count)) {
      next.completedAt = event.timestamp;
      completed.push(quest);
    }
    state.quests.set(quest.key, next);
    touched.push(quest.key);
  }
  return { completed, touched };
}

/** Stored progress fitted to the quest's current steps (the rules file may have changed). */
export function questProgressFor(state: UserGameState, quest: CompiledQuest): QuestProgress {
  const stored = state.quests.get(quest.key);
  const stepProgress = quest.steps.map((_, index) => stored?.stepProgress[index] ?? 0);
  return { stepProgress, completedAt: stored?.completedAt ?? null };
}

/** Rewards follow an achievement's first unlock only (not its later tiers or periods). */
export function grantRewards(game: CompiledGame, unlocked: AchievementUnlock[], completed: CompiledQuest[]): RewardGrant[] {
  const granted: RewardGrant[] = [];
  for (const { achievement, first } of unlocked) {
    if (!first) continue;
    for (const reward of game.rewardsBySource.get(rewardSourceKey('achievement', achievement.key)) ?? []) {
      granted.push({ reward, sourceType: 'achievement', sourceKey: achievement.key });
    }
  }
  for (const quest of completed) {
    for (const reward of game.rewardsBySource.get(rewardSourceKey('quest', quest.key)) ?? []) {
      granted.push({ reward, sourceType: 'quest', sourceKey: quest.key });
    }
  }
  return granted;
}

/** Leaderboards break ties on the second a score was reached (then userId), in SQL and in Redis alike. */
function wholeSecond(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}
