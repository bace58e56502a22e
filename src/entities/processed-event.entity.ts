import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The idempotency record: a replayed event id returns `result` and changes nothing. */
@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('jsonb') result!: Record<string, unknown>;
  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' }) processedAt!: Date;
}
