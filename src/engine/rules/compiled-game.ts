import type { EventType } from '../contract';
import type { EventPredicate } from './condition';
import type { LimitPeriod } from './rules-document';

export interface CompiledPointsRule {
  id: string;
  event: EventType;
  matches: EventPredicate;
  points: number;
  limit?: { count: number; per: LimitPeriod };
}

export interface CompiledAchievement {
  key: string;
  title: string;
  description?: string;
  event: EventType;
  matches: EventPredicate;
  /** Matching events to unlock, or consecutive days when `streakDays` is set. */
  target: number;
  streakDays?: number;
  points: number;
  prerequisites: readonly string[];
  activeFrom?: Date;
  activeUntil?: Date;
}

export interface CompiledQuestStep {
  event: EventType;
  matches: EventPredicate;
  count: number;
}

export interface CompiledQuest {
  key: string;
  title: string;
  description?: string;
  steps: readonly CompiledQuestStep[];
  startsAt?: Date;
  endsAt?: Date;
  points: number;
}

export interface RewardDefinitionView {
  key: string;
  title: string;
  description?: string;
  achievement?: string;
  quest?: string;
}

/** The rules file made ready for the engine: predicates compiled, entries indexed by event type. */
export interface CompiledGame {
  /** Content hash of the rules document; stored with the rule set. */
  id: string;
  levels: readonly number[];
  rules: readonly CompiledPointsRule[];
  /** In dependency order: an achievement comes after its prerequisites. */
  achievements: readonly CompiledAchievement[];
  /** As the rules file lists them, for display. */
  achievementsInFileOrder: readonly CompiledAchievement[];
  quests: readonly CompiledQuest[];
  rewards: readonly RewardDefinitionView[];
  rulesByEvent: ReadonlyMap<EventType, readonly CompiledPointsRule[]>;
  achievementsByEvent: ReadonlyMap<EventType, readonly CompiledAchievement[]>;
  questsByEvent: ReadonlyMap<EventType, readonly CompiledQuest[]>;
  /** The progress an event of a type reads: its achievements with their prerequisites, and its quests. */
  progressKeysByEvent: ReadonlyMap<EventType, ProgressKeys>;
  achievementByKey: ReadonlyMap<string, CompiledAchievement>;
  questByKey: ReadonlyMap<string, CompiledQuest>;
  rewardsBySource: ReadonlyMap<string, readonly RewardDefinitionView[]>;
}

export interface ProgressKeys {
  achievements: readonly string[];
  quests: readonly string[];
}

export function rewardSourceKey(sourceType: 'achievement' | 'quest', key: string): string {
  return `${sourceType}:${key}`;
}
