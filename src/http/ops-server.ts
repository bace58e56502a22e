import type { Server } from 'node:http';
import express from 'express';
import type { HealthChecks } from '../platform/health';
import type { Metrics } from '../platform/metrics';
import { opsRoutes } from './ops-routes';

/** `/metrics` and `/health/*` on their own port, for processes without an API server (the worker). */
export async function startOpsServer(options: { port: number; host: string; metrics: Metrics; health: HealthChecks }): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  opsRoutes(options)(app);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
