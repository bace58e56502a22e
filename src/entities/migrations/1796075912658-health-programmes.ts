import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Health programmes (issue 12): member time zones, point formulas and caps by points, boosts,
 * goals, tiers, hidden and repeatable achievements, named streaks with freezes and excuses, and
 * manual awards. Every new per-member table leads its primary key with user_id; manual awards,
 * excuses and zone changes are kept as rows (who, when, why) so a member's history can be
 * replayed from them. Unlocked achievements count as earned once.
 */
export class HealthProgrammes1796075912658 implements MigrationInterface {
  name = 'HealthProgrammes1796075912658';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `ALTER TABLE points_rules ADD COLUMN points_formula jsonb, ADD COLUMN limit_points integer`,
  `ALTER TABLE achievements ALTER COLUMN event_type DROP NOT NULL,
     ADD COLUMN kind text NOT NULL DEFAULT 'count', ADD COLUMN definition jsonb NOT NULL DEFAULT '{}'`,
  `CREATE TABLE streaks (
     key text PRIMARY KEY,
     title text NOT NULL,
     description text,
     event_type text NOT NULL,
     condition jsonb,
     per text NOT NULL,
     definition jsonb NOT NULL,
     position integer NOT NULL
   )`,
  `CREATE TABLE boosts (
     key text PRIMARY KEY,
     title text NOT NULL,
     multiplier double precision NOT NULL,
     starts_at timestamptz NOT NULL,
     ends_at timestamptz NOT NULL,
     rule_ids jsonb,
     journeys jsonb,
     position integer NOT NULL
   )`,
  `ALTER TABLE profiles ADD COLUMN time_zone text, ADD COLUMN zone_changed_at timestamptz, ADD COLUMN previous_time_zone text`,
  `ALTER TABLE points_ledger ADD COLUMN base_points integer, ADD COLUMN boosts jsonb`,
  `ALTER TABLE rule_usage ADD COLUMN points integer NOT NULL DEFAULT 0`,
  `ALTER TABLE user_achievements ADD COLUMN times_earned integer NOT NULL DEFAULT 0, ADD COLUMN goal jsonb`,
  `UPDATE user_achievements SET times_earned = 1 WHERE unlocked_at IS NOT NULL`,
  `CREATE TABLE user_streaks (
     user_id uuid NOT NULL,
     streak_key text NOT NULL,
     state jsonb NOT NULL,
     next_check_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, streak_key)
   )`,
  `CREATE INDEX user_streaks_next_check_idx ON user_streaks (next_check_at) WHERE next_check_at IS NOT NULL`,
  `CREATE TABLE streak_excuses (
     user_id uuid NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     streak_key text NOT NULL,
     from_period text NOT NULL,
     to_period text NOT NULL,
     reason text NOT NULL,
     excused_by text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, id)
   )`,
  `CREATE TABLE time_zone_changes (
     user_id uuid NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     time_zone text NOT NULL,
     previous_time_zone text NOT NULL,
     changed_by text NOT NULL,
     changed_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, id)
   )`,
  `CREATE TABLE manual_adjustments (
     user_id uuid NOT NULL,
     idempotency_key text NOT NULL,
     kind text NOT NULL,
     points_requested integer NOT NULL,
     points_applied integer NOT NULL,
     achievement_key text,
     reason text NOT NULL,
     principal text NOT NULL,
     result jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, idempotency_key)
   )`,
];

const DOWN = [
  `DROP TABLE manual_adjustments`,
  `DROP TABLE time_zone_changes`,
  `DROP TABLE streak_excuses`,
  `DROP TABLE user_streaks`,
  `ALTER TABLE user_achievements DROP COLUMN goal, DROP COLUMN times_earned`,
  `ALTER TABLE rule_usage DROP COLUMN points`,
  `ALTER TABLE points_ledger DROP COLUMN boosts, DROP COLUMN base_points`,
  `ALTER TABLE profiles DROP COLUMN previous_time_zone, DROP COLUMN zone_changed_at, DROP COLUMN time_zone`,
  `DROP TABLE boosts`,
  `DROP TABLE streaks`,
  `DELETE FROM achievements WHERE event_type IS NULL`,
  `ALTER TABLE achievements DROP COLUMN definition, DROP COLUMN kind, ALTER COLUMN event_type SET NOT NULL`,
  `ALTER TABLE points_rules DROP COLUMN limit_points, DROP COLUMN points_formula`,
];
