/**
 * Every PostgreSQL table that holds a member's data, in one list: export reads each of them
 * whole (every column, so a column added later is exported too) and erasure deletes from each.
 * A table with a `user_id` column that is not listed here fails
 * test/integration/store/member-data-tables.spec.ts, which compares this list with the database:
 * a new per-member table must be registered here, or declared as holding no member data below.
 * A partitioned table is listed once: its month partitions are read and deleted through it.
 */
export interface MemberDataTable {
  table: string;
  /** Its section in the export document. */
  section: string;
  /** Column(s) ordering the exported rows (oldest first where there is a time). */
  orderBy: string;
}

export const MEMBER_DATA_TABLES: readonly MemberDataTable[] = [
  { table: 'profiles', section: 'profile', orderBy: 'user_id' },
  { table: 'member_settings', section: 'settings', orderBy: 'user_id' },
  { table: 'points_ledger', section: 'ledger', orderBy: 'id' },
  { table: 'processed_events', section: 'processedEvents', orderBy: 'processed_at, event_id' },
  { table: 'user_achievements', section: 'achievements', orderBy: 'achievement_key' },
  { table: 'user_quests', section: 'quests', orderBy: 'quest_key' },
  { table: 'user_rewards', section: 'rewards', orderBy: 'granted_at, reward_key' },
  { table: 'rule_usage', section: 'ruleUsage', orderBy: 'rule_id, period_key' },
  { table: 'outbox', section: 'notifications', orderBy: 'id' },
  { table: 'user_streaks', section: 'streaks', orderBy: 'streak_key' },
  { table: 'streak_excuses', section: 'streakExcuses', orderBy: 'id' },
  { table: 'time_zone_changes', section: 'timeZoneChanges', orderBy: 'id' },
  { table: 'manual_adjustments', section: 'manualAdjustments', orderBy: 'created_at, idempotency_key' },
  { table: 'webhook_deliveries', section: 'webhookDeliveries', orderBy: 'notification_id, webhook_id' },
  { table: 'coin_ledger', section: 'coins', orderBy: 'id' },
  { table: 'redemptions', section: 'redemptions', orderBy: 'redeemed_at, id' },
  { table: 'events', section: 'events', orderBy: 'occurred_at, event_id' },
  { table: 'corrections', section: 'corrections', orderBy: 'created_at, id' },
  { table: 'recompute_job_errors', section: 'recomputeJobErrors', orderBy: 'failed_at, job_id' },
];

/**
 * Tables whose rows point at a member's rows in another table rather than carrying `user_id`:
 * erasure deletes them first, through the parent's rows of the member.
 */
export interface DependentTable {
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
}

export const DEPENDENT_MEMBER_TABLES: readonly DependentTable[] = [{ table: 'outbox_pending', column: 'id', parent: 'outbox', parentColumn: 'id' }];

/** Tables that hold no member's data (rules, bookkeeping, erasure records keyed by a hash). */
export const TABLES_WITHOUT_MEMBER_DATA: readonly string[] = [
  'rule_versions',
  'rule_version_in_force',
  'recompute_jobs',
  'points_rules',
  'achievements',
  'quests',
  'rewards',
  'levels',
  'streaks',
  'boosts',
  'member_erasures',
  'schema_migrations',
  'webhooks',
  'reward_stock',
  'event_outcome_minutes',
  'month_partition_drops',
];

/** The export document's format version: raised when a section changes shape (not when one is added). */
export const MEMBER_EXPORT_SCHEMA_VERSION = 1;
