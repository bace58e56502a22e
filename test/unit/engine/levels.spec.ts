import { levelFor } from '../../../src/engine/game/levels';

describe(levelFor.name, () => {
  it.each([
    { points: 0, thresholds: [0, 100, 300], level: 1 },
    { points: 99, thresholds: [0, 100, 300], level: 1 },
    { points: 100, thresholds: [0, 100, 300], level: 2 },
    { points: 299, thresholds: [0, 100, 300], level: 2 },
    { points: 300, thresholds: [0, 100, 300], level: 3 },
    { points: 1_000_000, thresholds: [0, 100, 300], level: 3 },
    { points: 0, thresholds: [10, 20], level: 0 },
    { points: 15, thresholds: [10, 20], level: 1 },
    { points: 0, thresholds: [0], level: 1 },
  ])('should put $points points at level $level with thresholds $thresholds', ({ points, thresholds, level }) => {
    expect(levelFor(points, thresholds)).toBe(level);
  });
});
