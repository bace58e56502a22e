import type { EventResult as EngineEventResult } from '../contract';
import type { CompiledAchievement, CompiledQuest } from '../engine/rules/compiled-game';
import type { AchievementProgressView, QuestProgressView, StreakView } from '../engine/read/member-reads';
import type { UserStreak } from '../schema/types/streak.type';
import { Achievement, UserAchievement } from '../schema/types/achievement.type';
import { EventResult } from '../schema/types/event-result.type';
import { Quest, UserQuest } from '../schema/types/quest.type';

export function toEventResult(result: EngineEventResult): EventResult {
  return {
    ...result,
    coinsAwarded: result.coinsAwarded ?? 0,
    unlockedAchievements: result.unlockedAchievements.map((a) => ({ ...a, description: a.description ?? null })),
    rewardsGranted: result.rewardsGranted ?? [],
    held: result.held ?? false,
  };
}

export function toAchievement(achievement: CompiledAchievement): Achievement {
  return { key: achievement.key, title: achievement.title, description: achievement.description ?? null, points: achievement.points };
}

export function toQuest(quest: CompiledQuest): Quest {
  return {
    key: quest.key,
    title: quest.title,
    description: quest.description ?? null,
    points: quest.points,
    steps: quest.steps.map((step) => ({ event: step.event, count: step.count })),
    startsAt: quest.startsAt ?? null,
    endsAt: quest.endsAt ?? null,
  };
}

export function toUserAchievement(view: AchievementProgressView): UserAchievement {
  return {
    achievement: toAchievement(view.achievement),
    progress: view.progress,
    target: view.target,
    unlocked: view.unlockedAt !== null,
    unlockedAt: view.unlockedAt,
    timesEarned: view.timesEarned,
    tier: view.tier,
    nextTier: view.nextTier,
    periodKey: view.periodKey,
  };
}

export function toUserQuest(view: QuestProgressView): UserQuest {
  const steps = view.quest.steps.map((step, index) => ({ event: step.event, count: step.count, done: view.stepProgress[index] }));
  return {
    quest: toQuest(view.quest),
    progress: steps.filter((step) => step.done >= step.count).length,
    target: steps.length,
    steps,
    completed: view.completedAt !== null,
    completedAt: view.completedAt,
  };
}

export function toUserStreak(view: StreakView): UserStreak {
  const { streak, ...standing } = view;
  return { ...standing, streak: { key: streak.key, title: streak.title, description: streak.description ?? null, per: streak.per } };
}
