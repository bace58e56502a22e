import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A month partition that retention dropped (month-partitions.ts): what of a table is gone, and when it went. */
@Entity('month_partition_drops')
export class MonthPartitionDropEntity {
  @PrimaryColumn('text', { name: 'table_name' }) tableName!: string;
  /** The first instant (UTC) of the month dropped. */
  @PrimaryColumn('timestamptz') month!: Date;
  @Column('timestamptz', { name: 'dropped_at', default: () => 'now()' }) droppedAt!: Date;
}
