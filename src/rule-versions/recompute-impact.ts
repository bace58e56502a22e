import { InternalError } from '../errors';

/** What recomputing members under a rule version changes (a dry run: would change), summed over the members done so far. */
export interface RecomputeImpact {
  /** Members whose state changes. */
  membersAffected: number;
  /**
   * Points moved: sum over the members affected, the largest loss and gain of one member (null
   * before any member is affected), and the members affected per bucket of POINTS_DELTA_BUCKETS
   * (absent in a job stored before the histogram was counted).
   */
  pointsDelta: { sum: number; min: number | null; max: number | null; histogram?: number[] };
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

/** A range of one member's points change (points are whole numbers), both ends included; null: unbounded on that side. */
export interface PointsDeltaBucket {
  from: number | null;
  to: number | null;
}

/** Where a bucket starts on each side of zero, in 1-2-5 steps: a change of 7 counts in 5 to 9, of -7 in -9 to -5. */
const MAGNITUDE_EDGES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] as const;

/**
 * The fixed buckets of the points-delta histogram, losses first: as many as there are whatever the
 * member count (27), wide where changes are rare and large, one of their own for exactly 0 (a
 * member changed by an achievement alone). The stored histogram's counts are in this order.
 */
export const POINTS_DELTA_BUCKETS: readonly PointsDeltaBucket[] = (() => {
  const gains = MAGNITUDE_EDGES.map((edge, index) => ({ from: edge, to: index + 1 < MAGNITUDE_EDGES.length ? MAGNITUDE_EDGES[index + 1] - 1 : null }));
  const losses = gains.map(({ from, to }) => ({ from: to === null ? null : -to, to: -from })).reverse();
  return [...losses, { from: 0, to: 0 }, ...gains];
})();

const ZERO_BUCKET = MAGNITUDE_EDGES.length;

/** The index in POINTS_DELTA_BUCKETS of the bucket a member's points change counts in. */
export function pointsDeltaBucket(delta: number): number {
  if (!Number.isFinite(delta)) throw new InternalError(`a points change must be a finite number, received ${delta}`);
  const magnitude = Math.abs(delta);
  if (magnitude < MAGNITUDE_EDGES[0]) return ZERO_BUCKET;
  const step = MAGNITUDE_EDGES.filter((edge) => edge <= magnitude).length - 1;
  return delta > 0 ? ZERO_BUCKET + 1 + step : ZERO_BUCKET - 1 - step;
}

export const NO_IMPACT: RecomputeImpact = {
  membersAffected: 0,
  pointsDelta: { sum: 0, min: null, max: null, histogram: POINTS_DELTA_BUCKETS.map(() => 0) },
  achievementsGained: {},
  achievementsLost: {},
};

/** The impact with one more member counted. */
export function withMemberChange(impact: RecomputeImpact, change: MemberChange): RecomputeImpact {
  if (!change.changed) return impact;
  const { sum, min, max, histogram } = impact.pointsDelta;
  const pointsDelta: RecomputeImpact['pointsDelta'] = {
    sum: sum + change.pointsDelta,
    min: Math.min(min ?? change.pointsDelta, change.pointsDelta),
    max: Math.max(max ?? change.pointsDelta, change.pointsDelta),
  };
  if (histogram) {
    const bucket = pointsDeltaBucket(change.pointsDelta);
    pointsDelta.histogram = histogram.map((members, index) => (index === bucket ? members + 1 : members));
  }
  return {
    membersAffected: impact.membersAffected + 1,
    pointsDelta,
    achievementsGained: countedIn(impact.achievementsGained, change.gained),
    achievementsLost: countedIn(impact.achievementsLost, change.lost),
  };
}

function countedIn(counts: Readonly<Record<string, number>>, keys: readonly string[]): Record<string, number> {
  const next = { ...counts };
  for (const key of keys) next[key] = (next[key] ?? 0) + 1;
  return next;
}
