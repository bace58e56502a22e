import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { RuleVersionEntity } from './rule-definitions.entity';

/** A recompute of every member with retained events under a rule version: a dry run's impact, or a publication's backfill. */
@Entity('recompute_jobs')
@Index('recompute_jobs_open_idx', ['id'], { where: `status IN ('PENDING', 'RUNNING')` })
@Check('recompute_jobs_status_check', `status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'SUPERSEDED')`)
@Check('recompute_jobs_rules_check', `(rule_version_id IS NULL) = dry_run AND (document IS NULL) = NOT dry_run`)
export class RecomputeJobEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' }) id!: number;
  @Column('boolean', { name: 'dry_run' }) dryRun!: boolean;
  /** The version recomputed under (a backfill); null for a dry run, whose document is kept instead. */
  @Column('integer', { name: 'rule_version_id', nullable: true }) ruleVersionId!: number | null;
  @ManyToOne(() => RuleVersionEntity, { nullable: true })
  @JoinColumn({ name: 'rule_version_id', foreignKeyConstraintName: 'recompute_jobs_rule_version_id_fkey' })
  ruleVersion!: RuleVersionEntity | null;
  @Column('jsonb', { nullable: true }) document!: Record<string, unknown> | null;
  @Column('boolean') notify!: boolean;
  @Column('text', { name: 'requested_by' }) requestedBy!: string;
  @Column('text') status!: string;
  @Column('integer', { nullable: true }) total!: number | null;
  @Column('integer', { default: 0 }) processed!: number;
  @Column('integer', { default: 0 }) skipped!: number;
  @Column('integer', { name: 'error_count', default: 0 }) errorCount!: number;
  /** Each lane's cursor (the last member done in its range of member ids, where a takeover resumes); null until the job first runs. */
  @Column('jsonb', { nullable: true }) lanes!: string[] | null;
  @Column('jsonb') impact!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
}

/** A member a recompute job could not recompute, and why. */
@Entity('recompute_job_errors')
@Index('recompute_job_errors_job_idx', ['jobId'])
export class RecomputeJobErrorEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('integer', { name: 'job_id' }) jobId!: number;
  @ManyToOne(() => RecomputeJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'recompute_job_errors_job_id_fkey' })
  job!: RecomputeJobEntity;
  @Column('text') message!: string;
  @Column('timestamptz', { name: 'failed_at', default: () => 'now()' }) failedAt!: Date;
}
