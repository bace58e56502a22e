import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Append-only: one row per award, naming the event and the rule, achievement or quest behind it; a
 * correction adds compensating rows. Partitioned by month of `created_at`.
 */
@Entity('points_ledger')
@Index('points_ledger_occurred_idx', ['occurredAt'])
export class PointsLedgerEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('text') journey!: string;
  @Column('text', { name: 'source_type' }) sourceType!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('integer') points!: number;
  /** A boosted rule's points before its boosts, and the boosts' keys. */
  @Column('integer', { name: 'base_points', nullable: true }) basePoints!: number | null;
  @Column('jsonb', { nullable: true }) boosts!: string[] | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  /** The correction a compensating line (source_type `correction`) belongs to. */
  @Column('uuid', { name: 'correction_id', nullable: true }) correctionId!: string | null;
  /** The partition key (part of the primary key, as PostgreSQL requires). */
  @PrimaryColumn('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
