import type { NextFunction, Request, Response } from 'express';
import { BodyError } from './read-json-body';

/** How every failure of the REST routes is answered: `{ error: { code, message, field? } }`. */
export interface RestError {
  status: number;
  code: string;
  message: string;
  field?: string;
}

export function sendRestError(response: Response, error: RestError): void {
  response.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.field !== undefined ? { field: error.field } : {}) } });
}

/** body-parser's refusals (too large, malformed, unsupported encoding...) as REST errors; anything else is ours (500, logged). */
export function restErrorHandler(onFault: (error: unknown) => void) {
  return (error: { type?: string; status?: number; message?: string; encoding?: string; charset?: string }, _request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    const refused = bodyErrorOf(error);
    if (refused) return sendRestError(response, refused);
    onFault(error);
    sendRestError(response, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
  };
}

function bodyErrorOf(error: { type?: string; status?: number; message?: string; encoding?: string; charset?: string }): RestError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return BodyError.tooLarge();
    case 'entity.parse.failed':
      return BodyError.malformed(error.message ?? '');
    case 'encoding.unsupported':
      return BodyError.unsupportedEncoding(error.encoding ?? '');
    case 'charset.unsupported':
      return BodyError.unsupportedMediaType(`charset "${error.charset ?? ''}" is not supported; send UTF-8`);
    default:
      // body-parser's other client errors (aborted upload, wrong content-length...).
      return error.status !== undefined && error.status >= 400 && error.status < 500
        ? { status: error.status, code: 'BAD_REQUEST', message: error.message ?? 'bad request' }
        : undefined;
  }
}

/** Unknown routes and methods answer JSON too, never Express' HTML page. */
export function restNotFound(request: Request, response: Response): void {
  sendRestError(response, { status: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${request.path}` });
}

export function restMethodNotAllowed(allowed: string) {
  return (request: Request, response: Response): void => {
    response.setHeader('allow', allowed);
    sendRestError(response, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; use ${allowed}` });
  };
}
