import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whether a stored event counts: accepted (its effects apply), retracted (kept, no effect), held (waiting for a review). */
export type StoredEventStatus = 'ACCEPTED' | 'RETRACTED' | 'HELD';

/** The event store: every accepted event as accepted, kept EVENT_RETENTION_DAYS for a member's recompute. */
@Entity('events')
@Index('events_event_id_idx', ['eventId'])
// A BRIN index (which TypeORM cannot describe): the migration owns it.
@Index('events_created_at_idx', { synchronize: false })
@Check('events_status_check', `status IN ('ACCEPTED', 'RETRACTED', 'HELD')`)
export class StoredEventEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text') type!: string;
  @Column('text') journey!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  /** The schema version the payload was upgraded to when accepted. */
  @Column('text', { name: 'schema_version' }) schemaVersion!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('text', { default: 'ACCEPTED' }) status!: StoredEventStatus;
  @Column('text', { name: 'retracted_by', nullable: true }) retractedBy!: string | null;
  @Column('timestamptz', { name: 'retracted_at', nullable: true }) retractedAt!: Date | null;
  @Column('text', { name: 'retraction_reason', nullable: true }) retractionReason!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
