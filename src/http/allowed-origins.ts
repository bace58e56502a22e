import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * CORS_ORIGINS, one list for both transports: browsers on these origins may call the HTTP API
 * (CORS, with preflights answered here), and a WebSocket upgrade is accepted without an
 * `Origin` (native apps send none), with one of these, or from a page of this very server
 * (the admin console at /admin): its own scheme and host. None other by default.
 */
export class AllowedOrigins {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  /**
   * For a WebSocket upgrade's `Origin` header. `request` is where the upgrade was sent: its
   * `Host` header and scheme (TLS, or `X-Forwarded-Proto` from a proxy that ended TLS).
   */
  allowsSocketFrom(origin: string | undefined, request: { host: string | undefined; secure: boolean; forwardedProto?: string | undefined }): boolean {
    return origin === undefined || this.origins.has(origin) || isSameOrigin(origin, request);
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

/** A page served by this server itself: same scheme and host (with port) as the upgrade request. */
function isSameOrigin(origin: string, request: { host: string | undefined; secure: boolean; forwardedProto?: string | undefined }): boolean {
  if (!request.host) return false;
  const scheme = request.forwardedProto?.split(',')[0]?.trim().toLowerCase() || (request.secure ? 'https' : 'http');
  return origin.toLowerCase() === `${scheme}://${request.host.toLowerCase()}`;
}
