/**
 * The time-ordered tables are partitioned by month of `created_at` (native range partitions, UTC
 * months): `<table>_<yyyy>_<mm>` holds [first of the month, first of the next), and
 * `<table>_default` catches a row no month partition covers (a month nobody created in time), so
 * an insert never fails for want of a partition. Retention drops whole months; the partition key
 * is in every unique key (PostgreSQL requires it), so uniqueness that must hold across months
 * (the exactly-once record, `processed_events`) lives in a table that is not partitioned.
 */
export const MONTH_PARTITIONED_TABLES = ['events', 'points_ledger', 'outbox'] as const;

export type MonthPartitionedTable = (typeof MONTH_PARTITIONED_TABLES)[number];

/** Month partitions created ahead of the current month, by the migration and by the maintenance sweep. */
export const MONTHS_AHEAD = 2;

/** What this needs of a SQL session: node-postgres, PGlite and TypeORM's query runner all fit. */
export interface PartitionSql {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
}

export interface MonthPartition {
  name: string;
  /** The first instant of its month (UTC). */
  month: Date;
}

/** The first instant (UTC) of the month `at` falls in. */
export function monthOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(month: Date, count: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + count, 1));
}

export function monthPartitionName(table: MonthPartitionedTable, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function defaultPartitionName(table: MonthPartitionedTable): string {
  return `${table}_default`;
}

/** The table's month partitions, oldest first (the default partition is not one). */
export async function monthPartitions(sql: PartitionSql, table: MonthPartitionedTable): Promise<MonthPartition[]> {
  const rows = (await sql.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`, [table])) as {
    name: string;
  }[];
  const pattern = new RegExp(`^${table}_(\\d{4})_(\\d{2})$`);
  return rows
    .flatMap(({ name }) => {
      const match = pattern.exec(name);
      return match ? [{ name, month: new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) }] : [];
    })
    .sort((a, b) => a.month.getTime() - b.month.getTime());
}

/**
 * Creates the partition of `month` unless it exists. Rows of that month already in the default
 * partition move into it (PostgreSQL refuses a new partition while the default holds rows of its
 * range): the partition is built apart, filled from the default and then attached.
 */
export async function createMonthPartition(sql: PartitionSql, table: MonthPartitionedTable, month: Date): Promise<boolean> {
  const name = monthPartitionName(table, month);
  const [found] = (await sql.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [name])) as { exists: boolean }[];
  if (found.exists) return false;
  const range = [month.toISOString(), addMonths(month, 1).toISOString()];
  const bounds = `FOR VALUES FROM ('${range[0]}') TO ('${range[1]}')`;
  const defaultPartition = defaultPartitionName(table);
  const stray = await sql.query(`SELECT 1 FROM ${defaultPartition} WHERE created_at >= $1 AND created_at < $2 LIMIT 1`, range);
  if (stray.length === 0) {
    await sql.query(`CREATE TABLE ${name} PARTITION OF ${table} ${bounds}`);
    return true;
  }
  await sql.query(`CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await sql.query(`WITH moved AS (DELETE FROM ${defaultPartition} WHERE created_at >= $1 AND created_at < $2 RETURNING *) INSERT INTO ${name} SELECT * FROM moved`, range);
  await sql.query(`ALTER TABLE ${table} ATTACH PARTITION ${name} ${bounds}`);
  return true;
}

/** The months whose rows sit in the default partition (normally none). */
export async function monthsInDefaultPartition(sql: PartitionSql, table: MonthPartitionedTable): Promise<Date[]> {
  const rows = (await sql.query(`SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::text AS month FROM ${defaultPartitionName(table)}`)) as {
    month: string;
  }[];
  return rows.map((row) => monthOf(new Date(`${row.month.slice(0, 10)}T00:00:00Z`)));
}
