import type { RedisClient } from '../redis';
import { Role, type Viewer } from '../auth/viewer';
import { RateLimit } from './rate-limit';

export interface ReadRateLimitOptions {
  /** Query operations per window for each role (READ_RATE_LIMIT, _SERVICE, _ADMIN); 0 turns a role's limit off. */
  budgets: Record<Role, number>;
  windowSeconds: number;
  redis?: RedisClient;
  keyPrefix: string;
}

/**
 * Query operations per caller, counted apart from `recordEvent`'s budget (a member reading its
 * screens does not use up its writes, nor the other way round). Each role has its own budget:
 * members are the many, services and admins the few that read a lot.
 */
export class ReadRateLimit {
  private readonly limits: Record<Role, RateLimit>;

  constructor(options: ReadRateLimitOptions) {
    const limitFor = (role: Role) =>
      new RateLimit({ points: options.budgets[role], windowSeconds: options.windowSeconds, redis: options.redis, keyPrefix: `${options.keyPrefix}:${role}` });
    this.limits = { [Role.USER]: limitFor(Role.USER), [Role.SERVICE]: limitFor(Role.SERVICE), [Role.ADMIN]: limitFor(Role.ADMIN) };
  }

  /** Counts one query operation of `viewer`; throws RateLimitedError once its budget is spent. */
  consume(viewer: Viewer): Promise<void> {
    return this.limits[viewer.role].consume(
      viewer.subject.slice(0, 128),
      ({ points, windowSeconds, retryAfterSeconds }) =>
        `reads are limited to ${points} queries per ${windowSeconds} s for the ${viewer.role} role; retry in ${retryAfterSeconds} s`,
    );
  }
}
