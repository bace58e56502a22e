import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Notifications written in the event's transaction and relayed to pub/sub after commit. */
@Entity('outbox')
@Index('outbox_unpublished_idx', ['id'], { where: 'published_at IS NULL' })
@Index('outbox_published_at_idx', ['publishedAt'], { where: 'published_at IS NOT NULL' })
export class OutboxEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
}
