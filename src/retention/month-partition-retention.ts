import type { Database, SqlExecutor } from '../platform/database';
import type { Logger } from '../platform/logger';
import {
  addMonths,
  createMonthPartition,
  MONTHS_AHEAD,
  monthOf,
  monthPartitionName,
  monthPartitions,
  monthsInDefaultPartition,
  type MonthPartition,
  type MonthPartitionedTable,
} from '../entities/month-partitions';

/** The transaction advisory lock a round holds while it maintains a table, so a single process maintains it at a time. */
export const PARTITION_MAINTENANCE_LOCK_KEY = 4_000_000_017;

/**
 * How long a round waits for a table's lock to add or drop a partition (both take the parent
 * table's ACCESS EXCLUSIVE lock for an instant): past it the round fails and the next one tries
 * again, rather than queueing every insert behind a long read.
 */
const LOCK_TIMEOUT = '5s';

export interface TableRetention {
  table: MonthPartitionedTable;
  /** Whole months whose every row is older than this many days are dropped; 0 keeps every month. */
  days: number;
}

/**
 * A month of the outbox is dropped only once nothing in it waits for the relay (the relay may have
 * been down for longer than the retention).
 */
const STILL_NEEDED: Partial<Record<MonthPartitionedTable, (partition: string) => string>> = {
  outbox: (partition) => `SELECT EXISTS (SELECT 1 FROM outbox_pending p JOIN ${partition} o ON o.id = p.id) AS needed`,
};

/**
 * Keeps the month partitions of the time-ordered tables (src/entities/month-partitions.ts): each
 * round creates the current month's partition and MONTHS_AHEAD more (so the default partition
 * stays empty), moves any rows the default partition caught into partitions of their months, and
 * drops each month whose newest possible row is past its table's retention, recording the drop in
 * `month_partition_drops`. Retention is by whole months: a row stays at least `days` and at most
 * `days` plus one month; rows of a month that has only partly expired stay until all of it has.
 */
export class MonthPartitionRetention {
  constructor(
    private readonly database: Database,
    private readonly retention: readonly TableRetention[],
    private readonly logger: Logger,
  ) {}

  /** One round over every table; returns how many partitions it created or dropped. */
  async round(): Promise<number> {
    let changed = 0;
    for (const table of this.retention) changed += await this.database.transaction((tx) => this.maintain(tx, table));
    return changed;
  }

  private async maintain(tx: SqlExecutor, { table, days }: TableRetention): Promise<number> {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [PARTITION_MAINTENANCE_LOCK_KEY]);
    if (!lock.locked) return 0;
    await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const [{ now }] = await tx.query<{ now: Date | string }>('SELECT now() AS now');
    const current = monthOf(new Date(now));
    const months = [...(await monthsInDefaultPartition(tx, table)), ...Array.from({ length: MONTHS_AHEAD + 1 }, (_, ahead) => addMonths(current, ahead))];
    let changed = 0;
    for (const month of months) {
      if (!(await createMonthPartition(tx, table, month))) continue;
      this.logger.info({ table, partition: monthPartitionName(table, month) }, 'month partition created');
      changed += 1;
    }
    if (days === 0) return changed;
    const cutoff = new Date(new Date(now).getTime() - days * 86_400_000);
    for (const partition of await monthPartitions(tx, table)) {
      if (addMonths(partition.month, 1) > cutoff) break;
      if (await this.stillNeeded(tx, table, partition)) continue;
      await tx.query(`DROP TABLE ${partition.name}`);
      await tx.query(`INSERT INTO month_partition_drops (table_name, month) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [table, partition.month.toISOString()]);
      this.logger.info({ table, partition: partition.name, retentionDays: days }, 'month partition dropped past retention');
      changed += 1;
    }
    return changed;
  }

  private async stillNeeded(tx: SqlExecutor, table: MonthPartitionedTable, partition: MonthPartition): Promise<boolean> {
    const check = STILL_NEEDED[table];
    if (!check) return false;
    const [row] = await tx.query<{ needed: boolean }>(check(partition.name));
    return row.needed;
  }
}
