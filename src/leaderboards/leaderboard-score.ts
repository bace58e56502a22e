/**
 * How a member's standing on one board is packed into one Redis sorted-set score, so that a
 * plain ascending ZRANGE/ZRANK yields the documented order:
 *
 *   1. more points first;
 *   2. on equal points, whoever reached the score earlier (the event time of their latest
 *      award counted on that board, to the second) first;
 *   3. on equal points and second, the smaller userId first (Redis orders equal scores by member).
 *
 * score = reachedAtSeconds - points * 2^32, where reachedAtSeconds counts from 2020-01-01 UTC.
 * A double holds integers exactly up to 2^53, so the tie-break is exact up to 2,097,151 points
 * on one board and period. Above that the reached-at second is rounded down to a power-of-two
 * step (2 s at 4.2 M points, 4 s at 8.4 M ...) so that the score stays exact: points still order
 * strictly, near-simultaneous ties may fall back to userId order.
 *
 * The apply script (redis-leaderboard-scripts.ts) implements the same arithmetic in Lua.
 */

/** 2020-01-01T00:00:00Z in Unix seconds: reached-at times count from here. */
export const SCORE_EPOCH_SECONDS = 1_577_836_800;

/** The points field sits above 32 bits of reached-at seconds (until 2156). */
export const POINTS_SHIFT = 2 ** 32;

const EXACT_LIMIT = 2 ** 53;

/** Points and reached-at as one sorted-set score (see the module comment for the order). */
export function encodeScore(points: number, reachedAtSeconds: number): number {
  const step = tieBreakStep(points);
  return Math.floor(reachedAtSeconds / step) * step - points * POINTS_SHIFT;
}

/** The inverse of {@link encodeScore} (reached-at rounded to the step used for that many points). */
export function decodeScore(score: number): { points: number; reachedAtSeconds: number } {
  const points = Math.ceil(-score / POINTS_SHIFT);
  return { points, reachedAtSeconds: score + points * POINTS_SHIFT };
}

/** Seconds since {@link SCORE_EPOCH_SECONDS}, clamped to what the score can hold. */
export function reachedAtSeconds(instant: Date): number {
  const seconds = Math.floor(instant.getTime() / 1000) - SCORE_EPOCH_SECONDS;
  return Math.min(Math.max(seconds, 0), POINTS_SHIFT - 1);
}

/** The coarsest reached-at resolution that keeps `points` exact: 1 s up to 2,097,151 points. */
function tieBreakStep(points: number): number {
  let step = 1;
  while ((points + 1) * POINTS_SHIFT > EXACT_LIMIT * step) step *= 2;
  return step;
}
