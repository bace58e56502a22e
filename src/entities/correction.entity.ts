import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One recompute that changed a member: its cause and what it did (the ledger's compensating lines name it). */
@Entity('corrections')
@Index('corrections_idempotency_idx', ['userId', 'idempotencyKey'], { unique: true })
@Index('corrections_created_idx', ['userId', 'createdAt'])
@Check('corrections_cause_check', `cause IN ('RETRACTION', 'RULES', 'RELEASE')`)
export class CorrectionEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('text') cause!: 'RETRACTION' | 'RULES' | 'RELEASE';
  /** The event retracted, for a retraction. */
  @Column('text', { name: 'event_id', nullable: true }) eventId!: string | null;
  @Column('text') reason!: string;
  @Column('text') principal!: string;
  @Column('integer', { name: 'points_delta' }) pointsDelta!: number;
  @Column('integer', { name: 'total_points' }) totalPoints!: number;
  @Column('integer') level!: number;
  @Column('integer', { name: 'coins_delta' }) coinsDelta!: number;
  @Column('jsonb', { name: 'achievements_revoked' }) achievementsRevoked!: string[];
  @Column('jsonb', { name: 'achievements_gained' }) achievementsGained!: string[];
  @Column('jsonb', { name: 'quests_revoked' }) questsRevoked!: string[];
  @Column('jsonb', { name: 'rewards_revoked' }) rewardsRevoked!: string[];
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
