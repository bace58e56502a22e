import { ErrorCategory } from './error-category';
import { GamificationError, type GamificationErrorOptions } from './gamification-error';

/** Why a redemption was refused; the GraphQL `extensions.code` and REST `error.code`. */
export type RedemptionRefusal = 'INSUFFICIENT_COINS' | 'OUT_OF_STOCK' | 'LIMIT_REACHED' | 'NOT_AVAILABLE';

/**
 * A well-formed redemption the wallet refuses: too few coins, none left, the member's limit
 * reached, or the reward not on offer (category BUSINESS_RULE, not retriable; nothing changed).
 */
export class RedemptionRefusedError extends GamificationError {
  override readonly name = 'RedemptionRefusedError';

  constructor(
    readonly refusal: RedemptionRefusal,
    message: string,
    options: GamificationErrorOptions = {},
  ) {
    super(message, ErrorCategory.BUSINESS_RULE, refusal, options);
  }
}
