/** What recomputing members under a rule version changes (a dry run: would change), summed over the members done so far. */
export interface RecomputeImpact {
  /** Members whose state changes. */
  membersAffected: number;
  /** Points moved: sum over the members affected, and the largest loss and gain of one member (null before any member is affected). */
  pointsDelta: { sum: number; min: number | null; max: number | null };
  /** Members gaining, and losing, each achievement, by key. */
  achievementsGained: Record<string, number>;
  achievementsLost: Record<string, number>;
}

/** One member's recompute, as the impact counts it. */
export interface MemberChange {
  changed: boolean;
  pointsDelta: number;
  gained: readonly string[];
  lost: readonly string[];
}

export const NO_IMPACT: RecomputeImpact = { membersAffected: 0, pointsDelta: { sum: 0, min: null, max: null }, achievementsGained: {}, achievementsLost: {} };

/** The impact with one more member counted. */
export function withMemberChange(impact: RecomputeImpact, change: MemberChange): RecomputeImpact {
  if (!change.changed) return impact;
  const { sum, min, max } = impact.pointsDelta;
  return {
    membersAffected: impact.membersAffected + 1,
    pointsDelta: { sum: sum + change.pointsDelta, min: Math.min(min ?? change.pointsDelta, change.pointsDelta), max: Math.max(max ?? change.pointsDelta, change.pointsDelta) },
    achievementsGained: countedIn(impact.achievementsGained, change.gained),
    achievementsLost: countedIn(impact.achievementsLost, change.lost),
  };
}

function countedIn(counts: Readonly<Record<string, number>>, keys: readonly string[]): Record<string, number> {
  const next = { ...counts };
  for (const key of keys) next[key] = (next[key] ?? 0) + 1;
  return next;
}
