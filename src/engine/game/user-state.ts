/** What the engine knows of one member while it evaluates their events. */
export interface UserGameState {
  userId: string;
  totalPoints: number;
  level: number;
  /** When the member last gained points (event time): the leaderboard tie-breaker. */
  pointsReachedAt: Date | null;
  achievements: Map<string, AchievementProgress>;
  quests: Map<string, QuestProgress>;
  /** Awards per capped rule and calendar period, keyed by `ruleUsageKey`. */
  ruleUsage: Map<string, number>;
}

export interface AchievementProgress {
  /** Matching events seen, or the current streak in days. */
  progress: number;
  streakLastDay: string | null;
  unlockedAt: Date | null;
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
    pointsReachedAt: null,
    achievements: new Map(),
    quests: new Map(),
    ruleUsage: new Map(),
  };
}

export function ruleUsageKey(ruleId: string, periodKey: string): string {
  return `${ruleId}\u0000${periodKey}`;
}

export function parseRuleUsageKey(key: string): { ruleId: string; periodKey: string } {
  const [ruleId, periodKey] = key.split('\u0000');
  return { ruleId, periodKey };
}
