import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** Options of {@link DatabaseError}. */
export interface DatabaseErrorOptions extends GamificationErrorOptions {
  /** Whether a retry may succeed; defaults to `true` (connection loss, deadlock...). */
  readonly retriable?: boolean;
  /** The PostgreSQL SQLSTATE, when known, e.g. `'40P01'`. */
  readonly sqlState?: string;
  /** PostgreSQL refused the input's values (SQLSTATE class 22 or 23): never retriable; defaults to `false`. */
  readonly refusedInput?: boolean;
}

/**
 * The database failed (category DATABASE, code `DATABASE_ERROR`). Retriable by default;
 * permanent failures pass `retriable: false`, and those that are the input's fault (data
 * exceptions, integrity violations) `refusedInput: true` as well.
 */
export class DatabaseError extends GamificationError {
  override readonly name = 'DatabaseError';
  /** The PostgreSQL SQLSTATE, when known. */
  readonly sqlState?: string;
  /** PostgreSQL refused the values written: the same input fails every time, another would not. */
  readonly refusedInput: boolean;

  constructor(message: string, options: DatabaseErrorOptions = {}) {
    const refusedInput = options.refusedInput ?? false;
    super(message, ErrorCategory.DATABASE, 'DATABASE_ERROR', { cause: options.cause, retriable: !refusedInput && (options.retriable ?? true) });
    if (options.sqlState !== undefined) this.sqlState = options.sqlState;
    this.refusedInput = refusedInput;
  }
}

/**
 * Whether `error` is the fault of the input that was processed, so that retrying the same input
 * cannot succeed: it is invalid (VALIDATION) or PostgreSQL refused its values. A door answers
 * such an error as the caller's (`BAD_USER_INPUT`), and the worker dead-letters the event at
 * once instead of holding it as if the database were down.
 */
export function isInputFault(error: GamificationError): boolean {
  return error.category === ErrorCategory.VALIDATION || (error instanceof DatabaseError && error.refusedInput);
}
