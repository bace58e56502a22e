import { DatabaseError } from './database-error';
import { GamificationError } from './gamification-error';
import { NetworkError } from './network-error';
import { isNetworkErrorCode } from './network-error-codes';
import { isRefusedInputSqlState, isRetriableSqlState, isSqlState, isTransientDriverMessage } from './postgres-error-codes';
import { UnknownError } from './unknown-error';

/** How deep to follow `driverError` / `cause` / `errors` links looking for a known failure. */
const MAX_DEPTH = 4;

type Indexable = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Indexable {
  return typeof value === 'object' && value !== null;
}

function messageOf(value: Indexable): string {
  return typeof value['message'] === 'string' ? value['message'] : '';
}

/**
 * The error itself, then what it wraps, breadth first: TypeORM's `driverError`, the standard
 * `cause`, and `AggregateError.errors` (Node reports failed multi-address connects that way).
 */
function* candidates(err: unknown): Generator<Indexable> {
  const seen = new Set<unknown>();
  let level: unknown[] = [err];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const value of level) {
      if (!isObject(value) || seen.has(value)) continue;
      seen.add(value);
      yield value;
      next.push(value['driverError'], value['cause']);
      if (Array.isArray(value['errors'])) next.push(...(value['errors'] as unknown[]));
    }
    level = next;
  }
}

/** Maps one object to a typed error when it is a recognisable database or network failure. */
function classifyCandidate(candidate: Indexable, original: unknown): GamificationError | undefined {
  const code = candidate['code'];
  const message = messageOf(candidate);
  if (isNetworkErrorCode(code)) {
    return new NetworkError(message || `Network failure (${code})`, { cause: original, systemCode: code });
  }
  if (isSqlState(code)) {
    return new DatabaseError(message || `Database failure (SQLSTATE ${code})`, {
      cause: original,
      sqlState: code,
      retriable: isRetriableSqlState(code),
      refusedInput: isRefusedInputSqlState(code),
    });
  }
  if (isTransientDriverMessage(message)) {
    return new DatabaseError(message, { cause: original, retriable: true });
  }
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // Fall through to String() for circular structures, BigInts...
  }
  return String(value);
}

/**
 * Turns anything thrown into a {@link GamificationError}, so that callers can decide on
 * retries (`retriable`), dead-lettering (`category`) and client codes (`code`) uniformly.
 *
 * - GamificationErrors are returned unchanged.
 * - PostgreSQL errors (a SQLSTATE in `code`) become {@link DatabaseError}s, retriable for
 *   connection loss (08xxx), shutdowns (57P01-57P03), insufficient resources (53xxx),
 *   serialization failures (40001) and deadlocks (40P01), not retriable otherwise. Data
 *   exceptions (22xxx, encoding errors such as a NUL included) and integrity violations (23xxx)
 *   are marked `refusedInput` (the input's fault); syntax and access errors (42xxx) are the engine's.
 * - node-postgres connection messages ("Connection terminated...", "timeout exceeded when
 *   trying to connect") become retriable DatabaseErrors.
 * - Node.js network system errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...) become
 *   {@link NetworkError}s.
 * - Wrapped errors are inspected too: TypeORM's `QueryFailedError.driverError`, `cause`
 *   chains and `AggregateError.errors`. A `QueryFailedError` with no recognisable driver
 *   error is a non-retriable DatabaseError.
 * - Anything else becomes an {@link UnknownError} whose `cause` is the original value.
 */
export function classifyError(err: unknown): GamificationError {
  if (err instanceof GamificationError) return err;
  for (const candidate of candidates(err)) {
    const classified = classifyCandidate(candidate, err);
    if (classified) return classified;
  }
  if (err instanceof Error) {
    if (err.name === 'QueryFailedError') return new DatabaseError(err.message, { cause: err, retriable: false });
    return new UnknownError(err.message || err.name, { cause: err });
  }
  if (typeof err === 'string' && err.trim() !== '') return new UnknownError(err, { cause: err });
  if (isObject(err) && messageOf(err)) return new UnknownError(messageOf(err), { cause: err });
  return new UnknownError(`Non-error value thrown: ${describe(err)}`, { cause: err });
}
