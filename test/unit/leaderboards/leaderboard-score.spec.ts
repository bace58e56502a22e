import { decodeScore, encodeScore, POINTS_SHIFT, reachedAtSeconds, SCORE_EPOCH_SECONDS } from '../../../src/leaderboards/leaderboard-score';

/** Ascending score order is rank order (Redis ZRANGE). */
const ranksBefore = (a: number, b: number) => a < b;

describe('leaderboard score', () => {
  it('should rank more points first whatever the reached-at times', () => {
    expect(ranksBefore(encodeScore(101, POINTS_SHIFT - 1), encodeScore(100, 0))).toBe(true);
  });

  it('should rank the member who reached an equal score earlier first', () => {
    expect(ranksBefore(encodeScore(100, 1_000), encodeScore(100, 1_001))).toBe(true);
  });

  it.each([1, 35, 2_097_151])('should decode %i points and the exact second', (points) => {
    expect(decodeScore(encodeScore(points, 123_456_789))).toEqual({ points, reachedAtSeconds: 123_456_789 });
  });

  it.each([2_097_152, 5_000_000, 1_000_000_000])('should keep %i points exact and strictly ordered above the exact tie-break range', (points) => {
    expect(decodeScore(encodeScore(points, POINTS_SHIFT - 1)).points).toBe(points);
    expect(ranksBefore(encodeScore(points + 1, POINTS_SHIFT - 1), encodeScore(points, 0))).toBe(true);
  });

  it('should round the tie-break down to a power-of-two step above 2,097,151 points', () => {
    expect(decodeScore(encodeScore(3_000_000, 1_001)).reachedAtSeconds).toBe(1_000);
    expect(decodeScore(encodeScore(5_000_000, 1_003)).reachedAtSeconds).toBe(1_000);
  });

  it('should count reached-at seconds from 2020 and clamp outside what the score holds', () => {
    expect(reachedAtSeconds(new Date((SCORE_EPOCH_SECONDS + 90) * 1000 + 999))).toBe(90);
    expect(reachedAtSeconds(new Date('2001-01-01T00:00:00Z'))).toBe(0);
    expect(reachedAtSeconds(new Date('2200-01-01T00:00:00Z'))).toBe(POINTS_SHIFT - 1);
  });
});
