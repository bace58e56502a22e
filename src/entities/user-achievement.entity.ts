import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('user_achievements')
// For the console's stats (a BRIN or partial index, which TypeORM cannot compare): the migration owns it.
@Index('user_achievements_unlocked_at_idx', { synchronize: false })
export class UserAchievementEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'achievement_key' }) achievementKey!: string;
  @Column('integer', { default: 0 }) progress!: number;
  @Column('text', { name: 'streak_last_day', nullable: true }) streakLastDay!: string | null;
  @Column('timestamptz', { name: 'unlocked_at', nullable: true }) unlockedAt!: Date | null;
  @Column('integer', { name: 'times_earned', default: 0 }) timesEarned!: number;
  /** A goal's recent periods (see GoalPeriod). */
  @Column('jsonb', { nullable: true }) goal!: unknown[] | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
