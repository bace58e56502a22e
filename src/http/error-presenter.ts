import { DatabaseError, ErrorCategory, GamificationError, isInputFault, ValidationError } from '../errors';

/** How an error reaches a client: a stable code, an HTTP status, and a message safe to show. */
export interface PresentedError {
  code: string;
  status: number;
  message: string;
  category: ErrorCategory;
  field?: string;
}

const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  [ErrorCategory.VALIDATION]: 400,
  [ErrorCategory.BUSINESS_RULE]: 422,
  [ErrorCategory.AUTHORIZATION]: 403,
  [ErrorCategory.DATABASE]: 503,
  [ErrorCategory.NETWORK]: 503,
  [ErrorCategory.INTERNAL]: 500,
  [ErrorCategory.UNKNOWN]: 500,
};

/** Codes whose status is not their category's. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429, IDEMPOTENCY_CONFLICT: 409, NOT_FOUND: 404 };

/**
 * The status of an error: "try again" (503) only when trying again may succeed; a database that
 * refused the input's values is the caller's fault (400), any other permanent failure ours (500).
 */
function statusOf(error: GamificationError): number {
  const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_CATEGORY[error.category];
  if (status !== 503 || error.retriable) return status;
  return isInputFault(error) ? 400 : 500;
}

function codeOf(error: GamificationError, status: number): string {
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  // A permanent database or network failure is the engine's: an internal error, like a bug.
  if (status === 500 && STATUS_BY_CATEGORY[error.category] === 503) return 'INTERNAL_SERVER_ERROR';
  return error.code;
}

/** Client errors keep their message; server-side ones are masked (the log has the details). */
export function presentError(error: GamificationError): PresentedError {
  const category = error.category;
  const clientFault = category === ErrorCategory.VALIDATION || category === ErrorCategory.BUSINESS_RULE || category === ErrorCategory.AUTHORIZATION;
  const status = statusOf(error);
  if (error instanceof DatabaseError && error.refusedInput) {
    const reason = error.sqlState === undefined ? '' : ` (SQLSTATE ${error.sqlState})`;
    return { code: 'BAD_USER_INPUT', status, category, message: `the database cannot store a value of this input${reason}; nothing was recorded` };
  }
  return {
    code: codeOf(error, status),
    status,
    category,
    message: clientFault ? error.message : status === 503 ? 'temporarily unavailable, try again' : 'internal error',
    ...(error instanceof ValidationError ? { field: error.field } : {}),
  };
}
