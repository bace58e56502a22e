import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Notifications written in the event's transaction; never updated (see OutboxPendingEntity). */
@Entity('outbox')
@Index('outbox_id_idx', ['id'])
// BRIN (for the age-based purge), which TypeORM cannot describe: the migration owns it.
@Index('outbox_created_at_idx', { synchronize: false })
export class OutboxEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
