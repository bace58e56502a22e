import type { MemberZone, ZoneChange } from '../calendar/member-calendar';
import type { StreakState } from '../streaks/streak-state';

/** What the engine knows of one member while it evaluates their events. */
export interface UserGameState {
  userId: string;
  totalPoints: number;
  level: number;
  /** The wallet's balance: spendable coins, apart from points. */
  coins: number;
  /** When the member last gained points (event time): the leaderboard tie-breaker. */
  pointsReachedAt: Date | null;
  /** The member's own IANA zone (null: the deployment's TIMEZONE) and its last change. */
  timeZone: string | null;
  zoneChange: ZoneChange | null;
  achievements: Map<string, AchievementProgress>;
  quests: Map<string, QuestProgress>;
  /** Awards per capped rule and calendar period, keyed by `ruleUsageKey`. */
  ruleUsage: Map<string, RuleUsage>;
  streaks: Map<string, StreakState>;
}

export interface RuleUsage {
  uses: number;
  points: number;
}

export interface AchievementProgress {
  /** Matching events seen, or the current streak in days (goals: see `goal`). */
  progress: number;
  streakLastDay: string | null;
  /** The first unlock (the first tier, the first period a repeatable goal was reached). */
  unlockedAt: Date | null;
  /** Unlocks so far: periods a repeatable goal was reached in, tiers reached, or 1. */
  timesEarned: number;
  /** A goal's recent periods (those a late event may still change), oldest first. */
  goal: GoalPeriod[] | null;
}

/** One calendar period of a goal: `value` summed or the bitmask of active days, and whether it was reached. */
export interface GoalPeriod {
  period: number;
  value: number;
  days: number;
  reached: boolean;
}

export interface QuestProgress {
  stepProgress: number[];
  completedAt: Date | null;
}

export function emptyUserState(userId: string, level: number): UserGameState {
  return {
    userId,
    totalPoints: 0,
    level,
    coins: 0,
    pointsReachedAt: null,
    timeZone: null,
    zoneChange: null,
    achievements: new Map(),
    quests: new Map(),
    ruleUsage: new Map(),
    streaks: new Map(),
  };
}

export function emptyAchievementProgress(): AchievementProgress {
  return { progress: 0, streakLastDay: null, unlockedAt: null, timesEarned: 0, goal: null };
}

/** The zone the member's calendar keys are taken in: their own, or the deployment's. */
export function memberZoneOf(state: Pick<UserGameState, 'timeZone' | 'zoneChange'>, defaultTimeZone: string): MemberZone {
  return { timeZone: state.timeZone ?? defaultTimeZone, change: state.zoneChange };
}

export function ruleUsageKey(ruleId: string, periodKey: string): string {
  return `${ruleId}\u0000${periodKey}`;
}

export function parseRuleUsageKey(key: string): { ruleId: string; periodKey: string } {
  const [ruleId, periodKey] = key.split('\u0000');
  return { ruleId, periodKey };
}
