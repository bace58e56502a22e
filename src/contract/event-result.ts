/** An achievement unlocked by an event. */
export interface UnlockedAchievement {
  key: string;
  title: string;
  description?: string | null;
  points: number;
  /** The tier this unlock reached, for a tiered achievement. */
  tier?: string | null;
}

/** A quest completed by an event. */
export interface CompletedQuest {
  key: string;
  title: string;
  points: number;
}

/** A reward granted by an event. */
export interface GrantedReward {
  key: string;
  title: string;
}

/** What processing one event changed for its user. */
export interface EventResult {
  /** Id of the processed event (the producer's or a derived one). */
  eventId: string;
  /** True when the event had been processed before; the first result is returned unchanged. */
  duplicate: boolean;
  /** Points this event earned (for a duplicate: as in the first result). */
  pointsAwarded: number;
  /** The user's total points after the event. */
  totalPoints: number;
  /** The user's level after the event. */
  level: number;
  /** Coins this event credited to the wallet (absent in results stored before coins existed). */
  coinsAwarded?: number;
  unlockedAchievements: UnlockedAchievement[];
  completedQuests: CompletedQuest[];
  rewardsGranted: GrantedReward[];
  /** True when a plausibility hold kept the event for review: it awarded nothing (yet). Absent: false. */
  held?: boolean;
}
