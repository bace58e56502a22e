import type { GamificationEvent } from '../contract';
import type { CompiledAchievement, CompiledQuest, RewardDefinitionView } from '../rules/compiled-game';

/** A validated event whose idempotency key is settled (the producer's id or a derived one). */
export type IdentifiedEvent = GamificationEvent & { id: string };

export type PointsSourceType = 'rule' | 'achievement' | 'quest';

/** One ledger line: who awarded how much. */
export interface PointsAward {
  sourceType: PointsSourceType;
  sourceKey: string;
  points: number;
}

export interface RewardGrant {
  reward: RewardDefinitionView;
  sourceType: 'achievement' | 'quest';
  sourceKey: string;
}

/** Everything one event changed for its member; the store turns it into rows. */
export interface EventEvaluation {
  event: IdentifiedEvent;
  awards: PointsAward[];
  pointsAwarded: number;
  totalPoints: number;
  previousLevel: number;
  level: number;
  unlocked: CompiledAchievement[];
  completed: CompiledQuest[];
  rewards: RewardGrant[];
  touchedAchievements: string[];
  touchedQuests: string[];
  touchedRuleUsage: string[];
}
