import { ErrorCategory, GamificationError, ValidationError } from '../engine/errors';

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

/** Client errors keep their message; server-side ones are masked (the log has the details). */
export function presentError(error: GamificationError): PresentedError {
  const category = error.category;
  const clientFault = category === ErrorCategory.VALIDATION || category === ErrorCategory.BUSINESS_RULE || category === ErrorCategory.AUTHORIZATION;
  const status = error.code === 'UNAUTHENTICATED' ? 401 : error.code === 'RATE_LIMITED' ? 429 : STATUS_BY_CATEGORY[category];
  return {
    code: status === 503 ? 'SERVICE_UNAVAILABLE' : error.code,
    status,
    category,
    message: clientFault ? error.message : status === 503 ? 'temporarily unavailable, try again' : 'internal error',
    ...(error instanceof ValidationError ? { field: error.field } : {}),
  };
}
