import type { GamificationEvent } from '../../contract';
import type { CompiledAchievement, CompiledQuest, RewardDefinitionView } from '../rules/compiled-game';
import type { StreakUpdate } from '../streaks/update-streak';

/** A validated event whose idempotency key is settled (the producer's id or a derived one). */
export type IdentifiedEvent = GamificationEvent & { id: string };

export type PointsSourceType = 'rule' | 'achievement' | 'quest' | 'streak' | 'manual';

/** One ledger line: who awarded how much (and, for a boosted rule, from what base). */
export interface PointsAward {
  sourceType: PointsSourceType;
  sourceKey: string;
  points: number;
  /** Set when boosts applied: the rule's points before them, and the boosts' keys. */
  basePoints?: number;
  boosts?: string[];
}

/** Where coins came from: the same sources as points (no manual awards of coins). */
export type CoinSourceType = Exclude<PointsSourceType, 'manual'>;

/** Coins one source awarded, and when they expire (`coins.expireAfterDays`; null: never). */
export interface CoinAward {
  sourceType: CoinSourceType;
  sourceKey: string;
  coins: number;
  expiresAt: Date | null;
}

/** One unlock: an achievement, one of its tiers, or one more period of a repeatable goal. */
export interface AchievementUnlock {
  achievement: CompiledAchievement;
  tier: string | null;
  points: number;
  coins: number;
  /** The achievement's first unlock (its rewards follow this one only). */
  first: boolean;
}

export interface RewardGrant {
  reward: RewardDefinitionView;
  sourceType: 'achievement' | 'quest';
  sourceKey: string;
}

/** What the evaluator needs besides state and event: the deployment's zone and the clock. */
export interface EvaluationContext {
  /** The deployment's TIMEZONE, for members without a zone of their own. */
  timeZone: string;
  /** Processing time (default: the event's own time); periods before it are over. */
  now?: Date;
  /** Events older than this (from `now`) change no period that is over. Default 7 days. */
  lateEventGraceMs?: number;
}

export const DEFAULT_LATE_EVENT_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** Everything one event changed for its member; the store turns it into rows. */
export interface EventEvaluation {
  event: IdentifiedEvent;
  awards: PointsAward[];
  pointsAwarded: number;
  totalPoints: number;
  /** Coins credited to the wallet, each with its expiry. */
  coinAwards: CoinAward[];
  coinsAwarded: number;
  previousLevel: number;
  level: number;
  unlocked: AchievementUnlock[];
  completed: CompiledQuest[];
  rewards: RewardGrant[];
  streakUpdates: StreakUpdate[];
  touchedAchievements: string[];
  touchedQuests: string[];
  touchedRuleUsage: string[];
  touchedStreaks: string[];
}
