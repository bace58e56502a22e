/**
 * SQLSTATE helpers for PostgreSQL errors (node-postgres, PGlite and TypeORM driver errors
 * all carry the SQLSTATE in a `code` property).
 * @see https://www.postgresql.org/docs/current/errcodes-appendix.html
 */

/** A SQLSTATE: 5 characters, its class (first 2) being digit-led or one of F0, HV, P0, XX. */
const SQLSTATE_PATTERN = /^(?:[0-9][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/;

/** Classes whose every condition is transient: 08 connection exception, 53 insufficient resources. */
const RETRIABLE_CLASSES: ReadonlySet<string> = new Set(['08', '53']);

/**
 * Individual transient conditions: 40001 serialization failure, 40P01 deadlock, 57014 query
 * canceled (a statement timeout or an operator's cancel: the same statement may finish in time
 * later), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now.
 */
const RETRIABLE_CODES: ReadonlySet<string> = new Set(['40001', '40P01', '57014', '57P01', '57P02', '57P03']);

/**
 * Classes whose conditions are the fault of the values written, so that the same input fails
 * the same way every time and another input would not: 22 data exception (out-of-range numbers,
 * invalid text representations, and the encoding errors 22021 character not in repertoire and
 * 22P05 untranslatable character, e.g. NUL) and 23 integrity constraint violation.
 * Class 42 (syntax error or access rule violation) is not retriable either, but it is the
 * engine's fault (a bug, a schema out of date), not the input's.
 */
const REFUSED_INPUT_CLASSES: ReadonlySet<string> = new Set(['22', '23']);

/** Whether `code` looks like a PostgreSQL SQLSTATE (and not, say, a Node.js `EPIPE`). */
export function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && SQLSTATE_PATTERN.test(code);
}

/** Whether a failure with this SQLSTATE may succeed when retried. */
export function isRetriableSqlState(sqlState: string): boolean {
  return RETRIABLE_CODES.has(sqlState) || RETRIABLE_CLASSES.has(sqlState.slice(0, 2));
}

/** Whether a failure with this SQLSTATE means PostgreSQL refused the input's values (never retriable). */
export function isRefusedInputSqlState(sqlState: string): boolean {
  return REFUSED_INPUT_CLASSES.has(sqlState.slice(0, 2));
}

/**
 * Messages node-postgres and pg-pool raise, without a SQLSTATE, when the connection is lost
 * or cannot be obtained in time; all transient.
 */
const TRANSIENT_DRIVER_MESSAGES: readonly RegExp[] = [/connection terminated/i, /timeout exceeded when trying to connect/i, /client has encountered a connection error/i];

/** Whether an error message is one of the driver's transient connection failures. */
export function isTransientDriverMessage(message: string): boolean {
  return TRANSIENT_DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
