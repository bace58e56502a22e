import type { EventProducers, EventType, GamificationEvent, Journey } from '../../contract';
import type { EventPredicate } from './condition';
import type { LimitPeriod, StreakPeriod } from './rules-document';

/** Reads a number at a dotted path of the event (`data.value`); anything else reads as undefined. */
export type NumberField = (event: GamificationEvent) => number | undefined;

export interface CompiledBoost {
  key: string;
  title: string;
  multiplier: number;
  from: Date;
  /** Exclusive. */
  until: Date;
  rules?: readonly string[];
  journeys?: readonly Journey[];
}

export interface CompiledPointsRule {
  id: string;
  event: EventType;
  matches: EventPredicate;
  /** Fixed points, or `floor(field / per)` capped at `max`. */
  points: number | { field: NumberField; per: number; max?: number };
  /** Coins the rule awards whenever it awards (caps apply, boosts do not); 0: none. */
  coins: number;
  limit?: { count?: number; points?: number; per: LimitPeriod };
  /** The boosts that cover this rule (by rule id or journey), whatever their window. */
  boosts: readonly CompiledBoost[];
}

export interface CompiledTier {
  name: string;
  count: number;
  points: number;
  coins: number;
}

/** `sum` of a field reaching `atLeast`, or activity on `days` distinct days, within one calendar period. */
export interface CompiledGoal {
  per: LimitPeriod;
  sum?: NumberField;
  /** The goal's target in its unit (steps summed, or days). */
  target: number;
  unit: 'sum' | 'days';
}

export type AchievementKind = 'count' | 'day-streak' | 'goal' | 'tiers' | 'named-streak';

export interface CompiledAchievement {
  key: string;
  title: string;
  description?: string;
  kind: AchievementKind;
  /** Absent for an achievement a named streak unlocks. */
  event?: EventType;
  matches: EventPredicate;
  /** Progress to unlock: matching events, consecutive days, the goal's target, the last tier's count or the streak length. */
  target: number;
  streakDays?: number;
  goal?: CompiledGoal;
  /** Earned again in each of the goal's periods. */
  repeat: boolean;
  tiers?: readonly CompiledTier[];
  /** Left out of a member's list until unlocked. */
  hidden: boolean;
  points: number;
  coins: number;
  prerequisites: readonly string[];
  activeFrom?: Date;
  activeUntil?: Date;
}

export interface CompiledStreakMilestone {
  length: number;
  points: number;
  coins: number;
  achievement?: string;
}

export interface CompiledStreak {
  key: string;
  title: string;
  description?: string;
  event: EventType;
  matches: EventPredicate;
  per: StreakPeriod;
  freezes: { initial: number; max: number; earnEvery?: number };
  /** Ascending by length: the file's milestones and the achievements that name this streak. */
  milestones: readonly CompiledStreakMilestone[];
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
  coins: number;
}

export interface RewardDefinitionView {
  key: string;
  title: string;
  description?: string;
  achievement?: string;
  quest?: string;
  cost?: number;
  stock?: number;
  perMember?: number;
  availableFrom?: Date;
  availableUntil?: Date;
}

/** A reward bought with coins rather than granted by an achievement or a quest. */
export type CatalogueItem = RewardDefinitionView & { cost: number };

/** A rules-driven retraction: an event of its type retracts the member's latest earlier `retracts` event with the same `match` fields. */
export interface CompiledRetraction {
  retracts: EventType;
  /** Dotted paths under `data` (without the `data.` prefix). */
  match: readonly string[];
}

/** A plausibility hold: a matching event is held for review instead of evaluated. */
export interface CompiledHold {
  key: string;
  matches: EventPredicate;
  reason: string;
}

/** The rules file made ready for the engine: predicates compiled, entries indexed by event type. */
export interface CompiledGame {
  /** Content hash of the rules document; stored with the rule set. */
  id: string;
  levels: readonly number[];
  /** Who may send each event type: the contract's defaults with the file's `producers:` over them. */
  producers: EventProducers;
  rules: readonly CompiledPointsRule[];
  /** In dependency order: an achievement comes after its prerequisites. */
  achievements: readonly CompiledAchievement[];
  /** As the rules file lists them, for display. */
  achievementsInFileOrder: readonly CompiledAchievement[];
  quests: readonly CompiledQuest[];
  rewards: readonly RewardDefinitionView[];
  boosts: readonly CompiledBoost[];
  streaks: readonly CompiledStreak[];
  rulesByEvent: ReadonlyMap<EventType, readonly CompiledPointsRule[]>;
  achievementsByEvent: ReadonlyMap<EventType, readonly CompiledAchievement[]>;
  questsByEvent: ReadonlyMap<EventType, readonly CompiledQuest[]>;
  streaksByEvent: ReadonlyMap<EventType, readonly CompiledStreak[]>;
  /** The progress an event of a type reads: its achievements with their prerequisites, its quests and streaks. */
  progressKeysByEvent: ReadonlyMap<EventType, ProgressKeys>;
  achievementByKey: ReadonlyMap<string, CompiledAchievement>;
  questByKey: ReadonlyMap<string, CompiledQuest>;
  streakByKey: ReadonlyMap<string, CompiledStreak>;
  rewardsBySource: ReadonlyMap<string, readonly RewardDefinitionView[]>;
  /** The rewards with a cost, by key, in file order. */
  catalogue: ReadonlyMap<string, CatalogueItem>;
  /** Days after which earned coins expire (`coins.expireAfterDays`); null: never. */
  coinExpiryDays: number | null;
  /** Rules-driven retractions by the type of the event that announces them. */
  retractionsByEvent: ReadonlyMap<EventType, readonly CompiledRetraction[]>;
  /** Plausibility holds by event type. */
  holdsByEvent: ReadonlyMap<EventType, readonly CompiledHold[]>;
}

export interface ProgressKeys {
  achievements: readonly string[];
  quests: readonly string[];
  streaks: readonly string[];
}

export function rewardSourceKey(sourceType: 'achievement' | 'quest', key: string): string {
  return `${sourceType}:${key}`;
}
