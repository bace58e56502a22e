import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addMonths, createMonthPartition, defaultPartitionName, MONTHS_AHEAD, monthOf, type MonthPartitionedTable, type PartitionSql } from '../month-partitions';

/**
 * The time-ordered tables (issue 17): `events`, `points_ledger` and `outbox` become partitioned by
 * month of `created_at` (see month-partitions.ts), so retention drops a month instead of
 * deleting rows. The partition key joins each primary key (PostgreSQL requires it): `(user_id,
 * event_id, created_at)` and `(user_id, id, created_at)`; `user_id` still leads, so the tables
 * still distribute by member. An event id stays unique per member through `processed_events`,
 * which is not partitioned and is written in the same transaction as the event's row. The BRIN
 * indexes on `created_at` go: they served the row-by-row purges, and partition pruning replaces
 * them. Existing rows are copied into their months' partitions (partitions are created from the
 * oldest row's month to MONTHS_AHEAD months ahead, and a default one), ids and identity sequences
 * kept; the copy takes the time of rewriting the three tables, under their locks.
 */
export class MonthPartitions1796096000000 implements MigrationInterface {
  name = 'MonthPartitions1796096000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE month_partition_drops (
         table_name text NOT NULL,
         month timestamptz NOT NULL,
         dropped_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (table_name, month)
       )`,
    );
    for (const layout of LAYOUTS) await partition(queryRunner, layout);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const layout of LAYOUTS) await unpartition(queryRunner, layout);
    await queryRunner.query('DROP TABLE month_partition_drops');
  }
}

interface Layout {
  table: MonthPartitionedTable;
  /** The primary key after `user_id` (before `created_at` joins it). */
  key: string;
  identity: boolean;
  indexes: string[];
  /** Indexes of the table before partitioning (restored by `down`). */
  unpartitionedIndexes: string[];
}

const LAYOUTS: Layout[] = [
  {
    table: 'events',
    key: 'event_id',
    identity: false,
    indexes: [`CREATE INDEX events_event_id_idx ON events (event_id)`, `CREATE INDEX events_held_idx ON events (created_at, user_id, event_id) WHERE status = 'HELD'`],
    unpartitionedIndexes: [
      `CREATE INDEX events_event_id_idx ON events (event_id)`,
      `CREATE INDEX events_held_idx ON events (created_at, user_id, event_id) WHERE status = 'HELD'`,
      `CREATE INDEX events_created_at_idx ON events USING brin (created_at)`,
    ],
  },
  {
    table: 'points_ledger',
    key: 'id',
    identity: true,
    indexes: [`CREATE INDEX points_ledger_occurred_idx ON points_ledger (occurred_at)`],
    unpartitionedIndexes: [`CREATE INDEX points_ledger_occurred_idx ON points_ledger (occurred_at)`],
  },
  {
    table: 'outbox',
    key: 'id',
    identity: true,
    indexes: [`CREATE INDEX outbox_id_idx ON outbox (id)`],
    unpartitionedIndexes: [`CREATE INDEX outbox_id_idx ON outbox (id)`, `CREATE INDEX outbox_created_at_idx ON outbox USING brin (created_at)`],
  },
];

/** Renames `table` (its key, indexes and identity sequence too) out of the way and returns the old name. */
async function setAside(queryRunner: QueryRunner, { table, identity }: Layout): Promise<string> {
  const old = `${table}_previous`;
  const indexes = (await queryRunner.query(`SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexname <> $2`, [table, `${table}_pkey`])) as {
    indexname: string;
  }[];
  for (const { indexname } of indexes) await queryRunner.query(`DROP INDEX ${indexname}`);
  if (identity) await queryRunner.query(`ALTER SEQUENCE ${await identitySequence(queryRunner, table)} RENAME TO ${old}_id_seq`);
  await queryRunner.query(`ALTER TABLE ${table} RENAME TO ${old}`);
  await queryRunner.query(`ALTER TABLE ${old} RENAME CONSTRAINT ${table}_pkey TO ${old}_pkey`);
  return old;
}

async function identitySequence(queryRunner: QueryRunner, table: string): Promise<string> {
  const [row] = (await queryRunner.query(`SELECT pg_get_serial_sequence($1, 'id') AS sequence`, [table])) as { sequence: string }[];
  return row.sequence;
}

/** Copies every row of `from` into `table` (ids kept) and moves the identity sequence past them. */
async function copyRows(queryRunner: QueryRunner, { table, identity }: Layout, from: string): Promise<void> {
  await queryRunner.query(`INSERT INTO ${table} ${identity ? 'OVERRIDING SYSTEM VALUE' : ''} SELECT * FROM ${from}`);
  if (identity) await queryRunner.query(`SELECT setval($1, coalesce(max(id), 0) + 1, false) FROM ${table}`, [await identitySequence(queryRunner, table)]);
  await queryRunner.query(`DROP TABLE ${from}`);
}

async function partition(queryRunner: QueryRunner, layout: Layout): Promise<void> {
  const { table, key } = layout;
  const old = await setAside(queryRunner, layout);
  await queryRunner.query(`CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY) PARTITION BY RANGE (created_at)`);
  await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (user_id, ${key}, created_at)`);
  for (const index of layout.indexes) await queryRunner.query(index);
  await queryRunner.query(`CREATE TABLE ${defaultPartitionName(table)} PARTITION OF ${table} DEFAULT`);
  const [span] = (await queryRunner.query(`SELECT min(created_at) AS oldest, now() AS now FROM ${old}`)) as { oldest: Date | null; now: Date }[];
  const sql: PartitionSql = { query: (text, params) => queryRunner.query(text, params) };
  const through = addMonths(monthOf(new Date(span.now)), MONTHS_AHEAD);
  for (let month = monthOf(new Date(span.oldest ?? span.now)); month <= through; month = addMonths(month, 1)) await createMonthPartition(sql, table, month);
  await copyRows(queryRunner, layout, old);
}

async function unpartition(queryRunner: QueryRunner, layout: Layout): Promise<void> {
  const { table, key } = layout;
  const old = await setAside(queryRunner, layout);
  await queryRunner.query(`CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)`);
  await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (user_id, ${key})`);
  for (const index of layout.unpartitionedIndexes) await queryRunner.query(index);
  await copyRows(queryRunner, layout, old);
}
