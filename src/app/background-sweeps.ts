import { StreakSweep, SWEEP_BATCH } from '../engine/adjustments/streak-sweep';
import { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import { namespace } from '../platform/logger';
import { MonthPartitionRetention } from '../retention/month-partition-retention';
import { RecomputeJobRunner } from '../rule-versions/recompute-jobs';
import { CoinExpirySweep, COIN_SWEEP_BATCH } from '../wallet/coin-expiry-sweep';
import { periodicSweepsComponent, startPeriodicSweep, type PeriodicSweep, type RunningSweep } from './periodic-sweep';
import type { Runtime } from './runtime';

/**
 * The background sweeps of a member's game, run in API nodes and workers alike (one process
 * sweeps at a time): streaks whose period ended with no activity (STREAK_SWEEP_INTERVAL_MS), and
 * coins past their expiry or due a warning (COIN_EXPIRY_SWEEP_INTERVAL_MS), and the month partitions
 * of events, ledger and outbox (created ahead; dropped past EVENT_RETENTION_DAYS, LEDGER_RETENTION_DAYS
 * and OUTBOX_RETENTION_DAYS; every PARTITION_MAINTENANCE_INTERVAL_MS); and each process's count of
 * events that committed nothing (STATS_FLUSH_INTERVAL_MS). Every process also picks up a newly
 * published rule version (RULES_REFRESH_INTERVAL_MS) when no event did it first, and runs the
 * recompute jobs of rule publications (one process per job, RECOMPUTE_MEMBERS_PER_SECOND).
 */
export function backgroundSweeps(runtime: Runtime): PeriodicSweep[] {
  const { config, database, rules } = runtime;
  const store = new PostgresEngineStore(database, (userId) => runtime.keyring.erasureHash(userId));
  const streaks = new StreakSweep(store, rules.current, { timeZone: config.TIMEZONE });
  const coins = new CoinExpirySweep(store, rules.current);
  const jobs = new RecomputeJobRunner(
    database,
    runtime.corrections.store,
    runtime.corrections.recompute,
    {
      membersPerSecond: config.RECOMPUTE_MEMBERS_PER_SECOND,
      leaseMs: config.RECOMPUTE_JOB_LEASE_MS,
      lanes: config.RECOMPUTE_LANES,
      chunkMembers: config.RECOMPUTE_CHUNK_MEMBERS,
    },
    namespace(runtime.logger, 'recompute-jobs'),
  );
  const partitions = new MonthPartitionRetention(
    database,
    [
      { table: 'events', days: config.EVENT_RETENTION_DAYS },
      { table: 'points_ledger', days: config.LEDGER_RETENTION_DAYS },
      { table: 'outbox', days: config.OUTBOX_RETENTION_DAYS },
    ],
    namespace(runtime.logger, 'partitions'),
  );
  return [
    { name: 'streak sweep', round: () => streaks.sweep(), batch: SWEEP_BATCH, intervalMs: config.STREAK_SWEEP_INTERVAL_MS },
    { name: 'coin expiry sweep', round: () => coins.sweep(), batch: COIN_SWEEP_BATCH, intervalMs: config.COIN_EXPIRY_SWEEP_INTERVAL_MS },
    // One round does all that is due: never run again at once.
    { name: 'month partitions', round: () => partitions.round(), batch: Number.POSITIVE_INFINITY, intervalMs: config.PARTITION_MAINTENANCE_INTERVAL_MS },
    // Each process writes its own counts (no lock): a round never needs to run again at once.
    { name: 'outcome counts flush', round: () => runtime.outcomes.flush(), batch: Number.POSITIVE_INFINITY, intervalMs: config.STATS_FLUSH_INTERVAL_MS },
    { name: 'recompute jobs', round: () => jobs.round(), batch: jobs.batch, intervalMs: config.RECOMPUTE_JOB_POLL_MS },
    {
      name: 'rule version refresh',
      round: () => store.transaction(async (session) => void (await rules.forTransaction(session))).then(() => 0),
      batch: 1,
      intervalMs: config.RULES_REFRESH_INTERVAL_MS,
    },
  ];
}

/** Starts the background sweeps of an API node. */
export function startBackgroundSweeps(runtime: Runtime): RunningSweep {
  const running = backgroundSweeps(runtime).map((sweep) => startPeriodicSweep(sweep, runtime.logger));
  return { stop: async () => void (await Promise.all(running.map((sweep) => sweep.stop()))) };
}

export const backgroundSweepsComponent = periodicSweepsComponent('background-sweeps', backgroundSweeps);
