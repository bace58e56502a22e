import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * CORS_ORIGINS, one list for both transports: browsers on these origins may call the HTTP API
 * (CORS, with preflights answered here), and a WebSocket upgrade is accepted without an
 * `Origin` (native apps send none) or with one of these. None by default.
 */
export class AllowedOrigins {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  /** For a WebSocket upgrade's `Origin` header. */
  allowsSocketFrom(origin: string | undefined): boolean {
    return origin === undefined || this.origins.has(origin);
  }

  /**
   * `handler` behind the CORS headers (the `cors` package): a listed origin gets
   * Access-Control-Allow-Origin, anyone else none, so the browser withholds the answer.
   */
  wrap(handler: Handler): Handler {
    if (this.origins.size === 0) return handler;
    const middleware = cors({ origin: [...this.origins], methods: ['GET', 'POST'], exposedHeaders: ['Retry-After'], maxAge: 600 });
    return (request, response) => middleware(request, response, () => handler(request, response));
  }
}
