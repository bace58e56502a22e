import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The idempotency record: a replayed event id with the same content returns `result` and changes nothing; other content is a conflict. */
@Entity('processed_events')
// For the console's stats (a BRIN or partial index, which TypeORM cannot compare): the migration owns it.
@Index('processed_events_processed_at_idx', { synchronize: false })
export class ProcessedEventEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('jsonb') result!: Record<string, unknown>;
  /** sha256 (base64url) of the event's canonical content as accepted; null for rows processed before it was kept. */
  @Column('text', { name: 'content_hash', nullable: true }) contentHash!: string | null;
  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' }) processedAt!: Date;
}
