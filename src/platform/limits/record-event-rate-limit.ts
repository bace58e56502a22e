import { canonicalUserId, rawUserId } from '../../contract';
import { RateLimit, type RateLimitOptions } from './rate-limit';

/** RECORD_EVENT_RATE_LIMIT events per RECORD_EVENT_RATE_WINDOW_SECONDS; 0 points turns the limit off. */
export type RecordEventRateLimitOptions = RateLimitOptions;

/** A door's recordEvent: the limit reads only the raw event's userId, whatever the door answers. */
type RecordEvent<Input extends { raw: unknown }, Answer> = (input: Input) => Promise<Answer>;

/**
 * Puts the per-member limit (rate-limiter-flexible) in front of `recordEvent`. The key is the
 * event's userId: access checks ran before, so for a member that is its own id, and a back-end
 * service recording for many members is limited per member, not as a whole.
 */
export function withRecordEventRateLimit<Input extends { raw: unknown }, Answer>(
  recordEvent: RecordEvent<Input, Answer>,
  options: RecordEventRateLimitOptions,
): RecordEvent<Input, Answer> {
  const limit = new RateLimit(options);
  if (!limit.enabled) return recordEvent;
  return async (input) => {
    await limit.consume(
      userIdOf(input.raw),
      ({ points, windowSeconds, retryAfterSeconds }) => `recordEvent is limited to ${points} events per ${windowSeconds} s per member; retry in ${retryAfterSeconds} s`,
    );
    return recordEvent(input);
  };
}

/** One bucket per member, whatever the spelling: alternating upper and lower case must not double the limit. */
function userIdOf(raw: unknown): string {
  const userId = rawUserId(raw);
  return userId === undefined ? '' : canonicalUserId(userId.slice(0, 64));
}
