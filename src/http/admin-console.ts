import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Where `npm run build` puts the console (scripts/build-console.mjs), from dist/http and src/http alike. */
export const ADMIN_CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'dist', 'console');

/**
 * Same origin only: scripts, styles, images, fonts and API calls (HTTP and WebSocket) from
 * this server, no inline script, no framing, no plugins, forms post nowhere else.
 */
export const ADMIN_CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.set({
    'content-security-policy': ADMIN_CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  });
  next();
}

/**
 * The admin console at /admin: the built single-page app, each screen's URL answered with its
 * index.html (the page routes itself), hashed assets cached for good, the page never.
 */
export function adminConsoleRoutes(directory = ADMIN_CONSOLE_DIR): (app: Express) => void {
  return (app) => {
    const index = path.join(directory, 'index.html');
    app.use('/admin', securityHeaders);
    app.use('/admin/assets', express.static(path.join(directory, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
    app.get(['/admin', '/admin/{*screen}'], (_request, response) => {
      if (!existsSync(index)) {
        response.status(503).type('text/plain').send('The admin console is not built: run `npm run build`.\n');
        return;
      }
      response.set('cache-control', 'no-store').sendFile(index);
    });
  };
}
