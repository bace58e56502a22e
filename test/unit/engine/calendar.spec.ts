import { DateTime } from 'luxon';
import { calendarDay, daysBetween, periodKey } from '../../../src/engine/game/calendar';

describe(periodKey.name, () => {
  it.each([
    ['2026-11-26T12:00:00Z', 'UTC', '2026-11-26', '2026-W48', '2026-11'],
    // 1 Jan 2027 is a Friday: it belongs to the last ISO week of 2026.
    ['2027-01-01T00:00:00Z', 'UTC', '2027-01-01', '2026-W53', '2027-01'],
    // 29 Dec 2025 is a Monday: ISO week 1 of 2026.
    ['2025-12-29T08:00:00Z', 'UTC', '2025-12-29', '2026-W01', '2025-12'],
    ['2026-03-01T23:30:00Z', 'Asia/Tokyo', '2026-03-02', '2026-W10', '2026-03'],
    ['2026-04-01T02:00:00Z', 'America/New_York', '2026-03-31', '2026-W14', '2026-03'],
  ])('should name the periods of %s in %s', (instant, zone, day, week, month) => {
    const at = new Date(instant);
    expect([periodKey(at, 'day', zone), periodKey(at, 'week', zone), periodKey(at, 'month', zone)]).toEqual([day, week, month]);
    expect(calendarDay(at, zone)).toBe(day);
  });

  it('should compute UTC periods natively exactly as luxon does, over 20 years of instants', () => {
    const start = Date.UTC(2015, 0, 1);
    for (let step = 0; step < 20 * 365 * 4; step += 1) {
      const at = new Date(start + step * 6 * 3600 * 1000 + (step % 7) * 60_000);
      const local = DateTime.fromJSDate(at, { zone: 'UTC' });
      expect(periodKey(at, 'week', 'UTC')).toBe(`${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`);
      expect(periodKey(at, 'day', 'UTC')).toBe(local.toISODate());
      expect(periodKey(at, 'month', 'UTC')).toBe(local.toFormat('yyyy-MM'));
    }
  });
});

describe(daysBetween.name, () => {
  it.each([
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-03-05', '2026-03-01', -4],
    ['2026-03-28', '2026-03-30', 2],
  ])('should count %s → %s as %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});
