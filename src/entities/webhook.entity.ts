import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A registered webhook endpoint (operations configuration, no member data). */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') url!: string;
  @Column('jsonb') kinds!: string[];
  @Column('jsonb', { nullable: true }) journeys!: string[] | null;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text') secret!: string;
  @Column('text', { name: 'previous_secret', nullable: true }) previousSecret!: string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt!: Date | null;
  @Column('boolean', { default: true }) enabled!: boolean;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason!: string | null;
  @Column('integer', { name: 'consecutive_failures', default: 0 }) consecutiveFailures!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** One notification for one endpoint: its delivery state and every attempt. Keyed by member first. */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_listing_idx', ['webhookId', 'notificationId'])
// Partial and BRIN indexes, which TypeORM cannot compare: the migration owns them.
@Index('webhook_deliveries_pending_idx', { synchronize: false })
@Index('webhook_deliveries_failed_idx', { synchronize: false })
@Index('webhook_deliveries_created_at_idx', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('uuid', { name: 'webhook_id' }) webhookId!: string;
  @PrimaryColumn('bigint', { name: 'notification_id' }) notificationId!: string;
  @Column('text', { default: 'PENDING' }) status!: string;
  @Column('integer', { default: 0 }) attempts!: number;
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column('jsonb', { name: 'attempt_log', default: () => "'[]'" }) attemptLog!: Record<string, unknown>[];
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
