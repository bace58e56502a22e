import { InternalError } from '../../../src/errors';
import { NO_IMPACT, POINTS_DELTA_BUCKETS, pointsDeltaBucket, withMemberChange, type MemberChange } from '../../../src/rule-versions/recompute-impact';

const change = (pointsDelta: number, gained: string[] = [], lost: string[] = []): MemberChange => ({ changed: true, pointsDelta, gained, lost });

/** A histogram with `members` in the buckets that contain the given changes, 0 elsewhere. */
const histogramOf = (counts: Record<number, number>) => POINTS_DELTA_BUCKETS.map((_, index) => counts[index] ?? 0);
const bucketOf = (from: number | null, to: number | null) => POINTS_DELTA_BUCKETS.findIndex((bucket) => bucket.from === from && bucket.to === to);

describe(withMemberChange.name, () => {
  it.each([
    ['nothing for no member', [], NO_IMPACT],
    ['nothing for members left as they are', [{ changed: false, pointsDelta: 0, gained: [], lost: [] }], NO_IMPACT],
    [
      'a gain and a loss: sum, the largest loss as min, the largest gain as max, one member in each bucket',
      [change(10, ['walker']), change(-4, [], ['walker'])],
      {
        membersAffected: 2,
        pointsDelta: { sum: 6, min: -4, max: 10, histogram: histogramOf({ [bucketOf(10, 19)]: 1, [bucketOf(-4, -2)]: 1 }) },
        achievementsGained: { walker: 1 },
        achievementsLost: { walker: 1 },
      },
    ],
    [
      'a member changed without points moving (an achievement only)',
      [change(0, ['a', 'b']), change(0, ['a'])],
      { membersAffected: 2, pointsDelta: { sum: 0, min: 0, max: 0, histogram: histogramOf({ [bucketOf(0, 0)]: 2 }) }, achievementsGained: { a: 2, b: 1 }, achievementsLost: {} },
    ],
  ])('should count %s', (_case, changes, expected) => {
    expect(changes.reduce(withMemberChange, NO_IMPACT)).toEqual(expected);
  });

  it('should leave the impact it adds to as it was', () => {
    const before = withMemberChange(NO_IMPACT, change(3, ['a']));
    withMemberChange(before, change(5, ['a']));
    expect(before).toEqual({
      membersAffected: 1,
      pointsDelta: { sum: 3, min: 3, max: 3, histogram: histogramOf({ [bucketOf(2, 4)]: 1 }) },
      achievementsGained: { a: 1 },
      achievementsLost: {},
    });
  });

  it('should go on without a histogram for a job stored before the histogram was counted', () => {
    const stored = { ...NO_IMPACT, pointsDelta: { sum: 0, min: null, max: null } };
    expect(withMemberChange(stored, change(7)).pointsDelta).toEqual({ sum: 7, min: 7, max: 7 });
  });

  it('should keep the histogram the same size however many members it counts', () => {
    let impact = NO_IMPACT;
    for (let member = 0; member < 5000; member++) impact = withMemberChange(impact, change((member % 401) * (member % 2 === 0 ? 37 : -53)));
    expect(impact.pointsDelta.histogram).toHaveLength(POINTS_DELTA_BUCKETS.length);
    expect(impact.pointsDelta.histogram!.reduce((sum, members) => sum + members, 0)).toBe(5000);
  });
});

describe('points delta buckets', () => {
  it('should be 27 ranges, losses first, that meet end to end and mirror each other around a bucket of exactly 0', () => {
    expect(POINTS_DELTA_BUCKETS).toHaveLength(27);
    expect(POINTS_DELTA_BUCKETS[0]).toEqual({ from: null, to: -10_000 });
    expect(POINTS_DELTA_BUCKETS[13]).toEqual({ from: 0, to: 0 });
    expect(POINTS_DELTA_BUCKETS[26]).toEqual({ from: 10_000, to: null });
    for (let index = 1; index < POINTS_DELTA_BUCKETS.length; index++) expect(POINTS_DELTA_BUCKETS[index].from).toBe(POINTS_DELTA_BUCKETS[index - 1].to! + 1);
    for (let index = 0; index < 13; index++) {
      const { from, to } = POINTS_DELTA_BUCKETS[26 - index];
      expect(POINTS_DELTA_BUCKETS[index]).toEqual({ from: to === null ? null : -to, to: -from! });
    }
  });

  it.each([
    [0, 0, 0],
    [1, 1, 1],
    [2, 2, 4],
    [4, 2, 4],
    [5, 5, 9],
    [9, 5, 9],
    [10, 10, 19],
    [49, 20, 49],
    [50, 50, 99],
    [100, 100, 199],
    [999, 500, 999],
    [1000, 1000, 1999],
    [9999, 5000, 9999],
    [10_000, 10_000, null],
    [2_000_000, 10_000, null],
    [-1, -1, -1],
    [-2, -4, -2],
    [-7, -9, -5],
    [-10, -19, -10],
    [-9999, -9999, -5000],
    [-10_000, null, -10_000],
    [-2_000_000, null, -10_000],
  ])('should count a change of %p in %p to %p', (delta, from, to) => {
    expect(POINTS_DELTA_BUCKETS[pointsDeltaBucket(delta)]).toEqual({ from, to });
  });

  it.each([NaN, Infinity, -Infinity])('should refuse a change of %p', (delta) => {
    expect(() => pointsDeltaBucket(delta)).toThrow(InternalError);
  });
});
