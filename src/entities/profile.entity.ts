import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member's running totals: the ledger's sum and the level it reaches. */
@Entity('profiles')
@Index('profiles_ranking_idx', ['totalPoints', 'pointsReachedAt', 'userId'])
export class ProfileEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @Column('integer', { name: 'total_points', default: 0 }) totalPoints!: number;
  @Column('integer', { default: 1 }) level!: number;
  /** The wallet's balance (spendable coins; see coin_ledger). */
  @Column('integer', { default: 0 }) coins!: number;
  @Column('timestamptz', { name: 'points_reached_at', nullable: true }) pointsReachedAt!: Date | null;
  /** The member's IANA zone (null: the deployment's TIMEZONE) and its last change. */
  @Column('text', { name: 'time_zone', nullable: true }) timeZone!: string | null;
  @Column('timestamptz', { name: 'zone_changed_at', nullable: true }) zoneChangedAt!: Date | null;
  @Column('text', { name: 'previous_time_zone', nullable: true }) previousTimeZone!: string | null;
  /**
   * The latest event time whose payload the row-by-row purge (before month partitions) removed: history before it can no
   * longer be recomputed. Months dropped since are in `month_partition_drops`.
   */
  @Column('timestamptz', { name: 'events_purged_through', nullable: true }) eventsPurgedThrough!: Date | null;
  /** The member's events processed before the event store kept them (counted by its migration; never added to): a recompute refuses the member while it is not 0. */
  @Column('integer', { name: 'unstored_events', default: 0 }) unstoredEvents!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
