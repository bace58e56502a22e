import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/**
 * A well-formed request that a game rule forbids, e.g. redeeming a reward without enough
 * points (category BUSINESS_RULE, code `BUSINESS_RULE_VIOLATION`, not retriable).
 */
export class BusinessRuleError extends GamificationError {
  override readonly name = 'BusinessRuleError';

  constructor(message: string, options: GamificationErrorOptions = {}) {
    super(message, ErrorCategory.BUSINESS_RULE, 'BUSINESS_RULE_VIOLATION', options);
  }
}
