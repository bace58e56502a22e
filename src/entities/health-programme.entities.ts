import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member's named streak (see StreakState); `next_check_at` is when the streak sweep looks again. */
@Entity('user_streaks')
@Index('user_streaks_next_check_idx', ['nextCheckAt'], { where: 'next_check_at IS NOT NULL' })
export class UserStreakEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'streak_key' }) streakKey!: string;
  @Column('jsonb') state!: Record<string, unknown>;
  @Column('timestamptz', { name: 'next_check_at', nullable: true }) nextCheckAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** Periods an admin excused from a member's streak: who, when and why. */
@Entity('streak_excuses')
export class StreakExcuseEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text', { name: 'streak_key' }) streakKey!: string;
  @Column('text', { name: 'from_period' }) fromPeriod!: string;
  @Column('text', { name: 'to_period' }) toPeriod!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'excused_by' }) excusedBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

/** Every change of a member's time zone, in order. */
@Entity('time_zone_changes')
export class TimeZoneChangeEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('text', { name: 'previous_time_zone' }) previousTimeZone!: string;
  @Column('text', { name: 'changed_by' }) changedBy!: string;
  @Column('timestamptz', { name: 'changed_at', default: () => 'now()' }) changedAt!: Date;
}

/** Manual awards, deductions and grants, idempotent by the caller's key. */
@Entity('manual_adjustments')
export class ManualAdjustmentEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('text') kind!: string;
  @Column('integer', { name: 'points_requested' }) pointsRequested!: number;
  @Column('integer', { name: 'points_applied' }) pointsApplied!: number;
  @Column('text', { name: 'achievement_key', nullable: true }) achievementKey!: string | null;
  @Column('text') reason!: string;
  @Column('text') principal!: string;
  @Column('jsonb') result!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
