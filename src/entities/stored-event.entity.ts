import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The event store: every accepted event as accepted, kept EVENT_RETENTION_DAYS (whole months) for a
 * member's recompute. Partitioned by month of `created_at` (month-partitions.ts).
 */
@Entity('events')
@Index('events_event_id_idx', ['eventId'])
// A partial index of held events (which TypeORM cannot describe): the migration owns it.
@Index('events_held_idx', { synchronize: false })
@Check('events_status_check', `status IN ('ACCEPTED', 'RETRACTED', 'HELD', 'REJECTED')`)
export class StoredEventEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text') type!: string;
  @Column('text') journey!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  /** The schema version the payload was upgraded to when accepted. */
  @Column('text', { name: 'schema_version' }) schemaVersion!: string;
  /** Null for a tombstone left by the row-by-row purge that came before month partitions. */
  @Column('jsonb', { nullable: true }) payload!: Record<string, unknown> | null;
  @Column('text', { default: 'ACCEPTED' }) status!: 'ACCEPTED' | 'RETRACTED' | 'HELD' | 'REJECTED';
  @Column('text', { name: 'retracted_by', nullable: true }) retractedBy!: string | null;
  @Column('timestamptz', { name: 'retracted_at', nullable: true }) retractedAt!: Date | null;
  @Column('text', { name: 'retraction_reason', nullable: true }) retractionReason!: string | null;
  /** The `holds:` entry that held it, and its reason. */
  @Column('text', { name: 'hold_key', nullable: true }) holdKey!: string | null;
  @Column('text', { name: 'hold_reason', nullable: true }) holdReason!: string | null;
  /** Who released or rejected a held event, when, and their note. */
  @Column('text', { name: 'reviewed_by', nullable: true }) reviewedBy!: string | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt!: Date | null;
  @Column('text', { name: 'review_note', nullable: true }) reviewNote!: string | null;
  /** The partition key (part of the primary key, as PostgreSQL requires). */
  @PrimaryColumn('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
