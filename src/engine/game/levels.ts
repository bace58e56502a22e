/**
 * A level is how many thresholds a total has reached: with `[0, 100, 300]`, 0-99 points is
 * level 1, 100-299 level 2, 300 and up level 3.
 */
export function levelFor(totalPoints: number, thresholds: readonly number[]): number {
  let level = 0;
  for (const threshold of thresholds) {
    if (totalPoints < threshold) break;
    level += 1;
  }
  return level;
}
