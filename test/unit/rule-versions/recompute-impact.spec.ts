import { NO_IMPACT, withMemberChange, type MemberChange } from '../../../src/rule-versions/recompute-impact';

const change = (pointsDelta: number, gained: string[] = [], lost: string[] = []): MemberChange => ({ changed: true, pointsDelta, gained, lost });

describe(withMemberChange.name, () => {
  it.each([
    ['nothing for no member', [], NO_IMPACT],
    ['nothing for members left as they are', [{ changed: false, pointsDelta: 0, gained: [], lost: [] }], NO_IMPACT],
    [
      'a gain and a loss: sum, the largest loss as min, the largest gain as max',
      [change(10, ['walker']), change(-4, [], ['walker'])],
      { membersAffected: 2, pointsDelta: { sum: 6, min: -4, max: 10 }, achievementsGained: { walker: 1 }, achievementsLost: { walker: 1 } },
    ],
    [
      'a member changed without points moving (an achievement only)',
      [change(0, ['a', 'b']), change(0, ['a'])],
      { membersAffected: 2, pointsDelta: { sum: 0, min: 0, max: 0 }, achievementsGained: { a: 2, b: 1 }, achievementsLost: {} },
    ],
  ])('should count %s', (_case, changes, expected) => {
    expect(changes.reduce(withMemberChange, NO_IMPACT)).toEqual(expected);
  });

  it('should leave the impact it adds to as it was', () => {
    const before = withMemberChange(NO_IMPACT, change(3, ['a']));
    withMemberChange(before, change(5, ['a']));
    expect(before).toEqual({ membersAffected: 1, pointsDelta: { sum: 3, min: 3, max: 3 }, achievementsGained: { a: 1 }, achievementsLost: {} });
  });
});
