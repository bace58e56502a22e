import { classifyError } from '../errors';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ReadExecutor, Sql, SqlExecutor } from './database';
import type { Logger } from './logger';
import { parseLsn, ReplicaFreshness } from './replica-freshness';

export interface ReplicaReadsOptions {
  /** How often both servers' WAL positions are sampled (DATABASE_READ_POLL_MS). */
  pollMs: number;
  /** DATABASE_READ_MAX_LAG_MS: a replica further behind serves nothing. */
  maxLagMs: number;
  now?: () => number;
}

/** Where a read goes: the primary, or the replica (which falls back to the primary on a transient fault). */
export type ReadRoute = 'primary' | 'replica';

/** Reads routed between the primary and a streaming replica (when there is one), with read-your-writes per member. */
export interface RoutedReads extends ReadExecutor {
  /** Where a read of the current request would go now. */
  route(): ReadRoute;
  /** Reads that go to `route` whatever request they run in (for work shared by several requests). */
  on(route: ReadRoute): SqlExecutor;
  /** Runs one request's work: its reads follow the member `servingMember` names (if any). */
  withinRequest<T>(work: () => Promise<T>): Promise<T>;
  /** The current request reads a member's own data (their token): their own recent writes must show. */
  servingMember(userId: string): void;
  /** A member's data was just written on the primary (this process): their reads stay there until the replica has it. */
  wrote(userIds: Iterable<string>): void;
  /** The replica's lag in seconds, or undefined before it is known. */
  lagSeconds(): number | undefined;
}

const REPLICA_POSITION = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn`;
const PRIMARY_POSITION = 'SELECT pg_current_wal_lsn()::text AS lsn';

/**
 * Lag-tolerant reads go to the replica (DATABASE_READ_URL) while it is within `maxLagMs`; a
 * member's reads stay on the primary after their own write until the replica has replayed it
 * (known by sampling both WAL positions every `pollMs`); a replica that fails or falls silent
 * sends every read to the primary until it is back.
 */
export function routeReadsToReplica(primary: ReadExecutor, replica: ReadExecutor, options: ReplicaReadsOptions, logger: Logger): RoutedReads {
  const now = options.now ?? Date.now;
  const freshness = new ReplicaFreshness({ maxLagMs: options.maxLagMs, silentAfterMs: Math.max(3 * options.pollMs, 1000), maxTrackedWrites: 100_000 });
  const request = new AsyncLocalStorage<{ memberId?: string }>();
  let replicaFailing = false;

  const sample = async () => {
    const askedAt = now();
    const [{ lsn: primaryLsn }] = await primary.query<{ lsn: string }>(PRIMARY_POSITION);
    freshness.primarySampled(askedAt, parseLsn(primaryLsn));
    const [{ lsn: replayedLsn }] = await replica.query<{ lsn: string | null }>(REPLICA_POSITION);
    if (replayedLsn === null) throw new Error('the read replica has replayed nothing yet');
    freshness.replicaSampled(now(), parseLsn(replayedLsn));
    if (replicaFailing) logger.info('read replica back in use');
    replicaFailing = false;
  };
  let sampling: Promise<void> | undefined;
  const timer = setInterval(() => {
    sampling ??= sample()
      .catch((error: unknown) => {
        if (!replicaFailing) logger.warn({ errorMessage: classifyError(error).message }, 'read replica position unknown: reads go to the primary');
        replicaFailing = true;
      })
      .finally(() => (sampling = undefined));
  }, options.pollMs);
  timer.unref();

  const replicaFirst: SqlExecutor = {
    async query<Row>(sql: Sql, params?: unknown[]): Promise<Row[]> {
      try {
        return await replica.query<Row>(sql, params);
      } catch (error) {
        // A transient fault (the replica gone or shut down, a recovery conflict) is not the reader's: the primary answers.
        const fault = classifyError(error);
        if (!fault.retriable) throw error;
        logger.warn({ errorMessage: fault.message }, 'read on the replica failed: retried on the primary');
        return primary.query<Row>(sql, params);
      }
    },
  };
  const route = (): ReadRoute => (replicaFailing || !freshness.replicaMayServe(request.getStore()?.memberId, now()) ? 'primary' : 'replica');
  const on = (target: ReadRoute): SqlExecutor => (target === 'primary' ? primary : replicaFirst);

  return {
    query: <Row>(sql: Sql, params?: unknown[]) => on(route()).query<Row>(sql, params),
    route,
    on,
    withinRequest: (work) => request.run({}, work),
    servingMember(userId) {
      const scope = request.getStore();
      if (scope) scope.memberId = userId;
    },
    wrote(userIds) {
      const at = now();
      for (const userId of userIds) freshness.wrote(userId, at);
    },
    lagSeconds() {
      const lag = freshness.lagMs(now());
      return lag === undefined ? undefined : lag / 1000;
    },
    async close() {
      clearInterval(timer);
      await sampling;
      await Promise.all([primary.close(), replica.close()]);
    },
  };
}

/** Every read on the primary (no DATABASE_READ_URL): nothing to route. */
export function primaryReadsOnly(primary: ReadExecutor): RoutedReads {
  return {
    query: (sql, params) => primary.query(sql, params),
    route: () => 'primary',
    on: () => primary,
    withinRequest: (work) => work(),
    servingMember: () => undefined,
    wrote: () => undefined,
    lagSeconds: () => undefined,
    close: () => primary.close(),
  };
}
