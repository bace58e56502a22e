import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** One problem found in an input: the dotted path of the field and what is wrong with it. */
export interface ValidationIssue {
  /** Dotted path of the field at fault, e.g. `data.value`; empty for the input as a whole. */
  readonly field: string;
  /** What is wrong, without the field name, e.g. `expected number, received string`. */
  readonly message: string;
}

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends GamificationErrorOptions {
  /** Every problem found; defaults to the single one given to the constructor. */
  readonly issues?: readonly ValidationIssue[];
}

/** Label used in messages for an issue whose field is the input as a whole. */
const ROOT_LABEL = 'event';

/** Formats an issue as `field: message`. */
export function formatValidationIssue(issue: ValidationIssue): string {
  return `${issue.field || ROOT_LABEL}: ${issue.message}`;
}

/**
 * The input is malformed (category VALIDATION, code `BAD_USER_INPUT`, not retriable).
 * The message always starts with the field at fault, e.g. `data.value: expected number, received string`.
 */
export class ValidationError extends GamificationError {
  override readonly name = 'ValidationError';
  /** Dotted path of the (first) field at fault; empty when the input as a whole is wrong. */
  readonly field: string;
  /** Every problem found, the first one being the one named by `field`. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param field dotted path of the field at fault
   * @param detail what is wrong with it; the message becomes `field: detail`
   * @param options `issues` (all problems) and `cause`
   */
  constructor(field: string, detail: string, options: ValidationErrorOptions = {}) {
    const issues = options.issues && options.issues.length > 0 ? options.issues : [{ field, message: detail }];
    super(issues.map(formatValidationIssue).join('; '), ErrorCategory.VALIDATION, 'BAD_USER_INPUT', options);
    this.field = field;
    this.issues = issues;
  }

  /**
   * Builds an error from a non-empty list of issues; `field` is the first issue's field and
   * the message lists every issue.
   * @throws {RangeError} when `issues` is empty
   */
  static fromIssues(issues: readonly ValidationIssue[], options: GamificationErrorOptions = {}): ValidationError {
    const [first] = issues;
    if (first === undefined) throw new RangeError('ValidationError.fromIssues needs at least one issue');
    return new ValidationError(first.field, first.message, { ...options, issues });
  }
}
