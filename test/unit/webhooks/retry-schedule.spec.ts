import { parseRetryAfter, retryDelayMs, type RetrySettings } from '../../../src/webhooks/retry-schedule';

const DEFAULTS: RetrySettings = { baseMs: 5000, maxMs: 6 * 60 * 60 * 1000, maxAttempts: 8 };
const longest = () => 1 - Number.EPSILON;
const shortest = () => 0;

describe('retryDelayMs', () => {
  it('should grow from the base to the maximum over the attempts, and stop after the last', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, DEFAULTS, undefined, longest)!);
    expect(delays[0]).toBe(5000);
    expect(delays[6]).toBe(DEFAULTS.maxMs);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] * 3);
    expect(retryDelayMs(8, DEFAULTS)).toBeUndefined();
  });

  it.each([
    ['no jitter drawn', shortest, 2500],
    ['the most jitter', longest, 5000],
  ])('should draw between half and all of the delay (%s)', (_, random, expected) => {
    expect(retryDelayMs(1, DEFAULTS, undefined, random)).toBe(expected);
  });

  it.each([
    ['a Retry-After beyond the backoff waits as asked', 60_000, 60_000],
    ['a Retry-After shorter than the backoff keeps the backoff', 1000, 5000],
    ['a Retry-After beyond the maximum waits the maximum', 30 * 60 * 60 * 1000, DEFAULTS.maxMs],
  ])('%s', (_, retryAfter, expected) => {
    expect(retryDelayMs(1, DEFAULTS, retryAfter, longest)).toBe(expected);
  });

  it.each([
    [{ baseMs: 100, maxMs: 100, maxAttempts: 3 }, [100, 100]],
    [{ baseMs: 100, maxMs: 1000, maxAttempts: 2 }, [100]],
  ])('should cope with degenerate settings %j', (settings, expected) => {
    expect(expected.map((_, i) => retryDelayMs(i + 1, settings, undefined, longest))).toEqual(expected);
    expect(retryDelayMs(settings.maxAttempts, settings)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  it.each([
    ['delay seconds', '120', 120_000],
    ['an HTTP date', 'Mon, 30 Nov 2026 12:00:30 GMT', 30_000],
    ['a date in the past', 'Mon, 30 Nov 2026 11:00:00 GMT', 0],
    ['nothing', undefined, undefined],
    ['garbage', 'soon', undefined],
  ])('should read %s', (_, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
