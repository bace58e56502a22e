import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Every published rules document, oldest first (id = version number; hash = content hash). */
@Entity('rule_versions')
@Index('rule_versions_hash', ['hash'])
export class RuleVersionEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' }) id!: number;
  @Column('text') hash!: string;
  @Column('text') source!: string;
  @Column('jsonb') document!: Record<string, unknown>;
  @Column('timestamptz', { name: 'published_at', default: () => 'now()' }) publishedAt!: Date;
  @Column('text', { name: 'published_by' }) publishedBy!: string;
  @Column('text', { nullable: true }) note!: string | null;
}

/** The one row naming the version in force. */
@Entity('rule_version_in_force')
@Check('rule_version_in_force_singleton_check', 'singleton')
export class RuleVersionInForceEntity {
  @PrimaryColumn('boolean', { default: true }) singleton!: boolean;
  @Column('integer', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => RuleVersionEntity, { nullable: false })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'rule_version_in_force_version_id_fkey' })
  version!: RuleVersionEntity;
}

@Entity('points_rules')
export class PointsRuleEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('jsonb', { nullable: true }) condition!: Record<string, unknown> | null;
  @Column('integer') points!: number;
  @Column('integer', { name: 'limit_count', nullable: true }) limitCount!: number | null;
  @Column('text', { name: 'limit_per', nullable: true }) limitPer!: string | null;
  @Column('integer', { default: 0 }) coins!: number;
  @Column('jsonb', { name: 'points_formula', nullable: true }) pointsFormula!: Record<string, unknown> | null;
  @Column('integer', { name: 'limit_points', nullable: true }) limitPoints!: number | null;
  @Column('integer') position!: number;
}

@Entity('achievements')
export class AchievementEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { name: 'event_type', nullable: true }) eventType!: string | null;
  @Column('jsonb', { nullable: true }) condition!: Record<string, unknown> | null;
  @Column('integer', { name: 'target_count' }) targetCount!: number;
  @Column('text', { default: 'count' }) kind!: string;
  @Column('jsonb', { default: () => "'{}'" }) definition!: Record<string, unknown>;
  @Column('integer', { name: 'streak_days', nullable: true }) streakDays!: number | null;
  @Column('integer', { default: 0 }) points!: number;
  @Column('integer', { default: 0 }) coins!: number;
  @Column('jsonb', { default: () => "'[]'" }) prerequisites!: string[];
  @Column('timestamptz', { name: 'active_from', nullable: true }) activeFrom!: Date | null;
  @Column('timestamptz', { name: 'active_until', nullable: true }) activeUntil!: Date | null;
  @Column('integer') position!: number;
}

@Entity('quests')
export class QuestEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('jsonb') steps!: Record<string, unknown>[];
  @Column('timestamptz', { name: 'starts_at', nullable: true }) startsAt!: Date | null;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt!: Date | null;
  @Column('integer', { default: 0 }) points!: number;
  @Column('integer', { default: 0 }) coins!: number;
  @Column('integer') position!: number;
}

@Entity('rewards')
export class RewardEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { name: 'achievement_key', nullable: true }) achievementKey!: string | null;
  @Column('text', { name: 'quest_key', nullable: true }) questKey!: string | null;
  /** A catalogue item's price in coins, stock, limit per member and window (null: not a catalogue item, unlimited, always). */
  @Column('integer', { nullable: true }) cost!: number | null;
  @Column('integer', { nullable: true }) stock!: number | null;
  @Column('integer', { name: 'per_member', nullable: true }) perMember!: number | null;
  @Column('timestamptz', { name: 'available_from', nullable: true }) availableFrom!: Date | null;
  @Column('timestamptz', { name: 'available_until', nullable: true }) availableUntil!: Date | null;
  @Column('integer') position!: number;
}

@Entity('levels')
export class LevelEntity {
  @PrimaryColumn('integer') level!: number;
  @Column('integer') threshold!: number;
}

/** A named streak of the rules file (freezes and milestones in `definition`). */
@Entity('streaks')
export class StreakEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('jsonb', { nullable: true }) condition!: Record<string, unknown> | null;
  @Column('text') per!: string;
  @Column('jsonb') definition!: Record<string, unknown>;
  @Column('integer') position!: number;
}

@Entity('boosts')
export class BoostEntity {
  @PrimaryColumn('text') key!: string;
  @Column('text') title!: string;
  @Column('double precision') multiplier!: number;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('jsonb', { name: 'rule_ids', nullable: true }) ruleIds!: string[] | null;
  @Column('jsonb', { nullable: true }) journeys!: string[] | null;
  @Column('integer') position!: number;
}
