import { ErrorCategory, isRetriableCategory } from './error-category';

/** Options every {@link GamificationError} accepts. */
export interface GamificationErrorOptions {
  /** The underlying error or value that caused this one. */
  readonly cause?: unknown;
}

/** The serialisable form of a {@link GamificationError}, as returned by `toJSON()`. */
export interface GamificationErrorJson {
  readonly name: string;
  readonly message: string;
  readonly category: ErrorCategory;
  readonly code: string;
  readonly retriable: boolean;
}

/**
 * Base class of every error the engine throws on purpose.
 *
 * Each subclass has a stable `name`, a {@link ErrorCategory}, a stable machine `code`
 * (safe to expose to clients, e.g. as a GraphQL `extensions.code`) and a `retriable`
 * flag telling workers whether a retry with backoff may succeed.
 */
export abstract class GamificationError extends Error {
  /** Stable class name, e.g. `'ValidationError'`; set by each subclass. */
  abstract override readonly name: string;
  /** Broad family of the failure. */
  readonly category: ErrorCategory;
  /** Stable machine-readable code, e.g. `'BAD_USER_INPUT'`. */
  readonly code: string;
  /** Whether retrying the same operation later may succeed. */
  readonly retriable: boolean;

  /**
   * @param message human-readable description
   * @param category broad family of the failure
   * @param code stable machine code
   * @param options `cause`, and `retriable` to override the category default
   */
  protected constructor(message: string, category: ErrorCategory, code: string, options: GamificationErrorOptions & { readonly retriable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.category = category;
    this.code = code;
    this.retriable = options.retriable ?? isRetriableCategory(category);
  }

  /** A plain object safe to log or send over the wire (no stack, no cause). */
  toJSON(): GamificationErrorJson {
    return {
      name: this.name,
      message: this.message,
      category: this.category,
      code: this.code,
      retriable: this.retriable,
    };
  }
}
