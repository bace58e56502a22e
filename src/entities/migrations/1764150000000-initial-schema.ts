import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Every per-user table leads its primary key with `user_id` so the
 * schema can be distributed by user (Citus, hash partitions) without touching the engine;
 * rule tables are small, read-only to the engine and can become reference tables.
 */
export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'processed_events',
      'rule_usage',
      'user_rewards',
      'user_quests',
      'user_achievements',
      'points_ledger',
      'profiles',
      'levels',
      'rewards',
      'quests',
      'achievements',
      'points_rules',
      'rule_sets',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

const UP = [
  `CREATE TABLE rule_sets (
     id text PRIMARY KEY,
     source text NOT NULL,
     document jsonb NOT NULL,
     loaded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE points_rules (
     id text PRIMARY KEY,
     event_type text NOT NULL,
     condition jsonb,
     points integer NOT NULL,
     limit_count integer,
     limit_per text,
     position integer NOT NULL
   )`,
  `CREATE TABLE achievements (
     key text PRIMARY KEY,
     title text NOT NULL,
     description text,
     event_type text NOT NULL,
     condition jsonb,
     target_count integer NOT NULL,
     streak_days integer,
     points integer NOT NULL DEFAULT 0,
     prerequisites jsonb NOT NULL DEFAULT '[]',
     active_from timestamptz,
     active_until timestamptz,
     position integer NOT NULL
   )`,
  `CREATE TABLE quests (
     key text PRIMARY KEY,
     title text NOT NULL,
     description text,
     steps jsonb NOT NULL,
     starts_at timestamptz,
     ends_at timestamptz,
     points integer NOT NULL DEFAULT 0,
     position integer NOT NULL
   )`,
  `CREATE TABLE rewards (
     key text PRIMARY KEY,
     title text NOT NULL,
     description text,
     achievement_key text,
     quest_key text,
     position integer NOT NULL
   )`,
  `CREATE TABLE levels (
     level integer PRIMARY KEY,
     threshold integer NOT NULL
   )`,
  `CREATE TABLE profiles (
     user_id uuid PRIMARY KEY,
     total_points integer NOT NULL DEFAULT 0,
     level integer NOT NULL DEFAULT 1,
     points_reached_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX profiles_ranking_idx ON profiles (total_points DESC, points_reached_at ASC, user_id)`,
  `CREATE TABLE points_ledger (
     user_id uuid NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     event_id text NOT NULL,
     event_type text NOT NULL,
     journey text NOT NULL,
     source_type text NOT NULL,
     source_key text NOT NULL,
     points integer NOT NULL,
     occurred_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, id)
   )`,
  `CREATE INDEX points_ledger_occurred_idx ON points_ledger (occurred_at)`,
  `CREATE TABLE user_achievements (
     user_id uuid NOT NULL,
     achievement_key text NOT NULL,
     progress integer NOT NULL DEFAULT 0,
     streak_last_day text,
     unlocked_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, achievement_key)
   )`,
  `CREATE TABLE user_quests (
     user_id uuid NOT NULL,
     quest_key text NOT NULL,
     step_progress jsonb NOT NULL,
     completed_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, quest_key)
   )`,
  `CREATE TABLE user_rewards (
     user_id uuid NOT NULL,
     reward_key text NOT NULL,
     source_type text NOT NULL,
     source_key text NOT NULL,
     event_id text NOT NULL,
     granted_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, reward_key)
   )`,
  `CREATE TABLE rule_usage (
     user_id uuid NOT NULL,
     rule_id text NOT NULL,
     period_key text NOT NULL,
     uses integer NOT NULL,
     PRIMARY KEY (user_id, rule_id, period_key)
   )`,
  `CREATE TABLE processed_events (
     user_id uuid NOT NULL,
     event_id text NOT NULL,
     event_type text NOT NULL,
     result jsonb NOT NULL,
     processed_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, event_id)
   )`,
  `CREATE TABLE outbox (
     user_id uuid NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     kind text NOT NULL,
     event_id text NOT NULL,
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     published_at timestamptz,
     PRIMARY KEY (user_id, id)
   )`,
  `CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`,
  `CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
];
