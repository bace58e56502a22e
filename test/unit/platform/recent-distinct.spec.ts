import { RecentDistinct } from '../../../src/platform/recent-distinct';

describe(RecentDistinct.name, () => {
  let now = 0;
  const tracker = () => new RecentDistinct(5 * 60_000, 60_000, 3, () => now);

  beforeEach(() => (now = 1_000_000_000));

  it('should count each member once within the window', () => {
    const recent = tracker();
    for (const id of ['a', 'b', 'a', 'a']) recent.add(id);
    now += 4 * 60_000;
    recent.add('b');
    recent.add('c');
    expect(recent.count()).toBe(3);
  });

  it('should forget members not seen for the whole window', () => {
    const recent = tracker();
    recent.add('a');
    now += 2 * 60_000;
    recent.add('b');
    now += 5 * 60_000 - 1;
    expect(recent.count()).toBe(1);
  });

  it('should stop counting new members in a slice once it holds the cap', () => {
    const recent = tracker();
    for (const id of ['a', 'b', 'c', 'd']) recent.add(id);
    expect(recent.count()).toBe(3);
  });
});
