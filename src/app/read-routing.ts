import { Gauge } from 'prom-client';
import { openReadPool } from '../platform/database';
import type { Metrics } from '../platform/metrics';
import { primaryReadsOnly, routeReadsToReplica, type RoutedReads } from '../platform/replica-reads';
import type { Runtime } from './runtime';

/**
 * The API's reads: a bounded pool on the primary, and with DATABASE_READ_URL a second one on the
 * replica that lag-tolerant reads go to (docs/scaling.md). The replica's lag is a gauge.
 */
export function openReads({ config, database, logger }: Runtime, metrics: Metrics): RoutedReads {
  const poolOptions = (applicationName: string) => ({ size: config.DATABASE_READ_POOL_SIZE, statementTimeoutMs: config.READ_STATEMENT_TIMEOUT_MS, applicationName });
  const primary = openReadPool(database, config.DATABASE_URL, poolOptions('gamification-api-reads'), logger);
  if (!config.DATABASE_READ_URL) return primaryReadsOnly(primary);
  const replica = openReadPool(database, config.DATABASE_READ_URL, poolOptions('gamification-api-replica-reads'), logger);
  const reads = routeReadsToReplica(primary, replica, { pollMs: config.DATABASE_READ_POLL_MS, maxLagMs: config.DATABASE_READ_MAX_LAG_MS }, logger);
  new Gauge({
    name: 'gamification_read_replica_lag_seconds',
    help: 'How far the read replica is behind the primary (-1 while unknown: reads go to the primary).',
    registers: [metrics.registry],
    collect() {
      this.set(reads.lagSeconds() ?? -1);
    },
  });
  logger.info('lag-tolerant reads go to the replica (DATABASE_READ_URL)');
  return reads;
}
