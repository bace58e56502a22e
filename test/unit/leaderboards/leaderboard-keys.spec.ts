import { LeaderboardPeriod } from '../../../src/leaderboards/leaderboard';
import { LeaderboardKeys } from '../../../src/leaderboards/leaderboard-keys';

const seconds = (iso: string) => Date.parse(iso) / 1000;
const DAY = 86_400;

describe(LeaderboardKeys.name, () => {
  const keys = new LeaderboardKeys('gamification', 'America/Sao_Paulo', 7);

  it('should put an award on the overall and the journey board of every period, named in the configured time zone', () => {
    // 01:30 UTC on the 26th is 22:30 on the 25th in São Paulo (UTC-3).
    expect(keys.slotsFor('health', new Date('2026-11-26T01:30:00Z'))).toEqual([
      { key: 'gamification:{lb}:all:all' },
      { key: 'gamification:{lb}:health:all' },
      { key: 'gamification:{lb}:all:2026-11', expiresAt: seconds('2026-12-01T03:00:00Z') + 7 * DAY },
      { key: 'gamification:{lb}:health:2026-11', expiresAt: seconds('2026-12-01T03:00:00Z') + 7 * DAY },
      { key: 'gamification:{lb}:all:2026-W48', expiresAt: seconds('2026-11-30T03:00:00Z') + 7 * DAY },
      { key: 'gamification:{lb}:health:2026-W48', expiresAt: seconds('2026-11-30T03:00:00Z') + 7 * DAY },
      { key: 'gamification:{lb}:all:2026-11-25', expiresAt: seconds('2026-11-26T03:00:00Z') + 7 * DAY },
      { key: 'gamification:{lb}:health:2026-11-25', expiresAt: seconds('2026-11-26T03:00:00Z') + 7 * DAY },
    ]);
  });

  it('should name ISO weeks by their week-year across new year', () => {
    const slots = keys.slotsFor('care', new Date('2027-01-01T12:00:00Z'), [LeaderboardPeriod.WEEK]);
    expect(slots.map((slot) => slot.key)).toEqual(['gamification:{lb}:all:2026-W53', 'gamification:{lb}:care:2026-W53']);
  });

  it.each([
    ['America/Sao_Paulo', '2026-11-26T02:59:59.999Z', '2026-11-26T03:00:00.000Z'],
    ['Asia/Kathmandu', '2026-11-25T18:14:59.999Z', '2026-11-25T18:15:00.000Z'],
    ['Australia/Lord_Howe', '2026-11-25T12:59:59.999Z', '2026-11-25T13:00:00.000Z'],
  ])('should switch to the next day exactly at local midnight in %s', (timeZone, before, after) => {
    const zoned = new LeaderboardKeys('gamification', timeZone, 7);
    const dayOf = (iso: string) => zoned.slotsFor('plan', new Date(iso), [LeaderboardPeriod.DAY])[0].key;
    expect(dayOf(before)).toBe('gamification:{lb}:all:2026-11-25');
    expect(dayOf(after)).toBe('gamification:{lb}:all:2026-11-26');
    expect(dayOf(before)).toBe('gamification:{lb}:all:2026-11-25');
  });

  it('should keep the calendar periods that end within the retention days', () => {
    // Seven days before 2026-12-03 is 2026-11-26: its week began on Monday 2026-11-23, its month on 2026-11-01.
    expect(keys.retainedSince(new Date('2026-12-03T15:00:00Z')).toISOString()).toBe('2026-11-01T03:00:00.000Z');
    expect(keys.retainedSince(new Date('2026-12-20T15:00:00Z')).toISOString()).toBe('2026-12-01T03:00:00.000Z');
  });

  it('should stage a rebuild under its own prefix and escape glob characters in scan patterns', () => {
    const odd = new LeaderboardKeys('suite[1]*', 'UTC', 7);
    expect(odd.nextOf(odd.board('plan', '2026-11'))).toBe('suite[1]*:{lb}-next:plan:2026-11');
    expect(odd.livePattern).toBe('suite\\[1\\]\\*:{lb}:*');
    expect(odd.board(undefined, 'all')).toBe('suite[1]*:{lb}:all:all');
  });
});
