import type { EventInput, ProcessOutcome } from '../../../src/engine/gamification-engine';
import { RateLimitedError } from '../../../src/platform/limits/rate-limited-error';
import { withRecordEventRateLimit } from '../../../src/platform/limits/record-event-rate-limit';

const ALICE = '3f0c1b7e-1111-4a2b-9c3d-00000000000a';
const BOB = '3f0c1b7e-1111-4a2b-9c3d-00000000000b';

function recorder() {
  const recorded: EventInput[] = [];
  const recordEvent = async (input: EventInput) => {
    recorded.push(input);
    return { status: 'rejected' } as unknown as ProcessOutcome;
  };
  return { recorded, recordEvent };
}

const eventOf = (userId: string): EventInput => ({ raw: { userId, type: 'DAILY_LOGIN' }, fallbackId: 'x', producer: 'member' });

describe('withRecordEventRateLimit', () => {
  it('should let a member record up to the limit, then refuse with a retriable RATE_LIMITED naming the wait', async () => {
    const { recorded, recordEvent } = recorder();
    const limited = withRecordEventRateLimit(recordEvent, { points: 2, windowSeconds: 30, keyPrefix: 'unit-1' });
    await limited(eventOf(ALICE));
    await limited(eventOf(ALICE));
    const refusal = await limited(eventOf(ALICE)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', retriable: true, retryAfterSeconds: expect.any(Number) });
    expect((refusal as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(recorded).toHaveLength(2);
  });

  it('should count each member separately', async () => {
    const { recorded, recordEvent } = recorder();
    const limited = withRecordEventRateLimit(recordEvent, { points: 1, windowSeconds: 30, keyPrefix: 'unit-2' });
    await limited(eventOf(ALICE));
    await limited(eventOf(BOB));
    await expect(limited(eventOf(ALICE))).rejects.toBeInstanceOf(RateLimitedError);
    expect(recorded.map((input) => (input.raw as { userId: string }).userId)).toEqual([ALICE, BOB]);
  });

  it('should count every spelling of a member id as that member (upper case does not buy a second budget)', async () => {
    const { recorded, recordEvent } = recorder();
    const limited = withRecordEventRateLimit(recordEvent, { points: 1, windowSeconds: 30, keyPrefix: 'unit-case' });
    await limited(eventOf(ALICE));
    await expect(limited(eventOf(ALICE.toUpperCase()))).rejects.toBeInstanceOf(RateLimitedError);
    expect(recorded).toHaveLength(1);
  });

  it('should not limit at all when the limit is 0', async () => {
    const { recorded, recordEvent } = recorder();
    const limited = withRecordEventRateLimit(recordEvent, { points: 0, windowSeconds: 30, keyPrefix: 'unit-3' });
    for (let index = 0; index < 50; index++) await limited(eventOf(ALICE));
    expect(recorded).toHaveLength(50);
  });
});
