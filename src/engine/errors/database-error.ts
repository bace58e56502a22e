import { ErrorCategory } from './error-category';
import { GamificationError, GamificationErrorOptions } from './gamification-error';

/** Options of {@link DatabaseError}. */
export interface DatabaseErrorOptions extends GamificationErrorOptions {
  /** Whether a retry may succeed; defaults to `true` (connection loss, deadlock...). */
  readonly retriable?: boolean;
  /** The PostgreSQL SQLSTATE, when known, e.g. `'40P01'`. */
  readonly sqlState?: string;
}

/**
 * The database failed (category DATABASE, code `DATABASE_ERROR`). Retriable by default;
 * integrity violations and other permanent failures pass `retriable: false`.
 */
export class DatabaseError extends GamificationError {
  override readonly name = 'DatabaseError';
  /** The PostgreSQL SQLSTATE, when known. */
  readonly sqlState?: string;

  constructor(message: string, options: DatabaseErrorOptions = {}) {
    super(message, ErrorCategory.DATABASE, 'DATABASE_ERROR', { cause: options.cause, retriable: options.retriable ?? true });
    if (options.sqlState !== undefined) this.sqlState = options.sqlState;
  }
}
