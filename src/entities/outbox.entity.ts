import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Notifications written in the event's transaction; never updated (see OutboxPendingEntity). Partitioned by month of `created_at`. */
@Entity('outbox')
@Index('outbox_id_idx', ['id'])
export class OutboxEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  /** The partition key (part of the primary key, as PostgreSQL requires). */
  @PrimaryColumn('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
