import { ErrorCategory } from './error-category';
import { GamificationError, type GamificationErrorOptions } from './gamification-error';

/**
 * An event for a member who was erased: dropped, never recreating the member (category
 * BUSINESS_RULE, code `MEMBER_ERASED`, not retriable).
 */
export class MemberErasedError extends GamificationError {
  override readonly name = 'MemberErasedError';

  constructor(options: GamificationErrorOptions = {}) {
    super('this member was erased; events for them are dropped', ErrorCategory.BUSINESS_RULE, 'MEMBER_ERASED', options);
  }
}
