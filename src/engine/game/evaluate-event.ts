import type { CompiledAchievement, CompiledGame, CompiledQuest } from '../rules/compiled-game';
import { rewardSourceKey } from '../rules/compiled-game';
import { calendarDay, daysBetween, periodKey } from './calendar';
import type { EventEvaluation, RewardGrant, IdentifiedEvent, PointsAward } from './evaluation';
import { levelFor } from './levels';
import { ruleUsageKey, type AchievementProgress, type QuestProgress, type UserGameState } from './user-state';

/**
 * The engine's decision for one event: points from every matching rule (within caps), then
 * achievement progress and unlocks (prerequisites first), then quest steps and completions,
 * rewards for what unlocked or completed, and the new level. No I/O: it updates `state` in
 * place so that the member's next event in the batch sees this one's effect.
 */
export function evaluateEvent(
  state: UserGameState,
  event: IdentifiedEvent,
  game: CompiledGame,
  timeZone: string,
): EventEvaluation {
  const awards: PointsAward[] = [];
  const touchedRuleUsage = awardRulePoints(state, event, game, timeZone, awards);
  const { unlocked, touched: touchedAchievements } = advanceAchievements(state, event, game, timeZone);
  for (const achievement of unlocked) {
    if (achievement.points > 0) awards.push({ sourceType: 'achievement', sourceKey: achievement.key, points: achievement.points });
  }
  const { completed, touched: touchedQuests } = advanceQuests(state, event, game);
  for (const quest of completed) {
    if (quest.points > 0) awards.push({ sourceType: 'quest', sourceKey: quest.key, points: quest.points });
  }

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
    previousLevel,
    level: state.level,
    unlocked,
    completed,
    rewards: grantRewards(game, unlocked, completed),
    touchedAchievements,
    touchedQuests,
    touchedRuleUsage,
  };
}

/** The capped-rule counters an event may touch, so a store can load just those. */
export function ruleUsageKeysFor(event: IdentifiedEvent, game: CompiledGame, timeZone: string): string[] {
  return (game.rulesByEvent.get(event.type) ?? [])
    .filter((rule) => rule.limit !== undefined)
    .map((rule) => ruleUsageKey(rule.id, periodKey(event.timestamp, rule.limit!.per, timeZone)));
}

function awardRulePoints(
  state: UserGameState,
  event: IdentifiedEvent,
  game: CompiledGame,
  timeZone: string,
  awards: PointsAward[],
): string[] {
  const touched: string[] = [];
  for (const rule of game.rulesByEvent.get(event.type) ?? []) {
    if (!rule.matches(event)) continue;
    if (rule.limit) {
      const usageKey = ruleUsageKey(rule.id, periodKey(event.timestamp, rule.limit.per, timeZone));
      const uses = state.ruleUsage.get(usageKey) ?? 0;
      if (uses >= rule.limit.count) continue;
      state.ruleUsage.set(usageKey, uses + 1);
      touched.push(usageKey);
    }
    if (rule.points > 0) awards.push({ sourceType: 'rule', sourceKey: rule.id, points: rule.points });
  }
  return touched;
}

function advanceAchievements(
  state: UserGameState,
  event: IdentifiedEvent,
  game: CompiledGame,
  timeZone: string,
): { unlocked: CompiledAchievement[]; touched: string[] } {
  const unlocked: CompiledAchievement[] = [];
  const touched: string[] = [];
  for (const achievement of game.achievementsByEvent.get(event.type) ?? []) {
    const current = state.achievements.get(achievement.key) ?? { progress: 0, streakLastDay: null, unlockedAt: null };
    if (current.unlockedAt !== null || !isAvailable(achievement, state, event.timestamp) || !achievement.matches(event)) continue;
    const next = achievement.streakDays !== undefined ? extendStreak(current, calendarDay(event.timestamp, timeZone)) : countOne(current);
    if (next === current) continue;
    if (next.progress >= achievement.target) {
      next.unlockedAt = event.timestamp;
      unlocked.push(achievement);
    }
    state.achievements.set(achievement.key, next);
    touched.push(achievement.key);
  }
  return { unlocked, touched };
}

function isAvailable(achievement: CompiledAchievement, state: UserGameState, at: Date): boolean {
  if (achievement.activeFrom && at < achievement.activeFrom) return false;
  if (achievement.activeUntil && at >= achievement.activeUntil) return false;
  return achievement.prerequisites.every((key) => state.achievements.get(key)?.unlockedAt != null);
}

function countOne(current: AchievementProgress): AchievementProgress {
  return { progress: current.progress + 1, streakLastDay: current.streakLastDay, unlockedAt: current.unlockedAt };
}

/** Same day: unchanged. Next day: one longer. A gap: starts over. An earlier day (late event): ignored. */
function extendStreak(current: AchievementProgress, day: string): AchievementProgress {
  if (current.streakLastDay === null) return { progress: 1, streakLastDay: day, unlockedAt: current.unlockedAt };
  const gap = daysBetween(current.streakLastDay, day);
  if (gap <= 0) return current;
  return { progress: gap === 1 ? current.progress + 1 : 1, streakLastDay: day, unlockedAt: current.unlockedAt };
}

function advanceQuests(
  state: UserGameState,
  event: IdentifiedEvent,
  game: CompiledGame,
): { completed: CompiledQuest[]; touched: string[] } {
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

function grantRewards(game: CompiledGame, unlocked: CompiledAchievement[], completed: CompiledQuest[]): RewardGrant[] {
  const granted: RewardGrant[] = [];
  for (const achievement of unlocked) {
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
