import type { Express } from 'express';
import type { HealthChecks } from '../platform/health';
import type { Metrics } from '../platform/metrics';

/**
 * What operators and orchestrators call: Prometheus scrapes `/metrics`; `/health/live` says the
 * process serves HTTP; `/health/ready` reports every registered dependency and answers 503 only
 * when a critical one (the database) is down, so a Redis outage degrades a node without
 * taking it out of the load balancer.
 */
export function opsRoutes({ metrics, health }: { metrics: Metrics; health: HealthChecks }): (app: Express) => void {
  return (app) => {
    app.get('/metrics', async (_req, res) => {
      res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    app.get('/health/live', (_req, res) => {
      res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    });
    app.get('/health/ready', async (_req, res) => {
      const report = await health.report();
      res.status(report.status === 'down' ? 503 : 200).json(report);
    });
  };
}
