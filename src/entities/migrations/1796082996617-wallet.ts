import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wallet (issue 15): a coins balance on the profile beside points, the coins ledger (every
 * credit and debit; a credit keeps what is left of it, `remaining`, and its expiry, so coins are
 * spent oldest first and expire lot by lot), redemptions of catalogue rewards (idempotent per
 * member and key) and the stock of each catalogue item. Rules, achievements and quests gain
 * `coins`; rewards gain their catalogue fields. Per-member tables lead their keys with user_id.
 */
export class Wallet1796082996617 implements MigrationInterface {
  name = 'Wallet1796082996617';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `ALTER TABLE profiles ADD COLUMN coins integer NOT NULL DEFAULT 0`,
  `ALTER TABLE points_rules ADD COLUMN coins integer NOT NULL DEFAULT 0`,
  `ALTER TABLE achievements ADD COLUMN coins integer NOT NULL DEFAULT 0`,
  `ALTER TABLE quests ADD COLUMN coins integer NOT NULL DEFAULT 0`,
  `ALTER TABLE rewards ADD COLUMN cost integer, ADD COLUMN stock integer, ADD COLUMN per_member integer,
     ADD COLUMN available_from timestamptz, ADD COLUMN available_until timestamptz`,
  `CREATE TABLE coin_ledger (
     user_id uuid NOT NULL,
     id bigint GENERATED ALWAYS AS IDENTITY,
     event_id text NOT NULL,
     amount integer NOT NULL,
     reason text NOT NULL,
     source_type text NOT NULL,
     source_key text NOT NULL,
     remaining integer NOT NULL DEFAULT 0,
     expires_at timestamptz,
     expiry_warned_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, id),
     CONSTRAINT coin_ledger_remaining_check CHECK (remaining >= 0)
   )`,
  `CREATE INDEX coin_ledger_open_lots_idx ON coin_ledger (expires_at) WHERE remaining > 0`,
  `CREATE TABLE redemptions (
     user_id uuid NOT NULL,
     id uuid NOT NULL,
     idempotency_key text NOT NULL,
     reward_key text NOT NULL,
     cost integer NOT NULL,
     status text NOT NULL DEFAULT 'REDEEMED',
     spent_lots jsonb NOT NULL,
     event_id text NOT NULL,
     redeemed_at timestamptz NOT NULL DEFAULT now(),
     cancelled_at timestamptz,
     cancelled_by text,
     cancel_reason text,
     PRIMARY KEY (user_id, id),
     CONSTRAINT redemptions_status_check CHECK (status IN ('REDEEMED', 'CANCELLED'))
   )`,
  `CREATE UNIQUE INDEX redemptions_idempotency_idx ON redemptions (user_id, idempotency_key)`,
  `CREATE TABLE reward_stock (
     reward_key text PRIMARY KEY,
     stock integer NOT NULL,
     redeemed integer NOT NULL DEFAULT 0,
     CONSTRAINT reward_stock_redeemed_check CHECK (redeemed >= 0)
   )`,
];

const DOWN = [
  `DROP TABLE reward_stock`,
  `DROP TABLE redemptions`,
  `DROP TABLE coin_ledger`,
  `ALTER TABLE rewards DROP COLUMN available_until, DROP COLUMN available_from, DROP COLUMN per_member, DROP COLUMN stock, DROP COLUMN cost`,
  `ALTER TABLE quests DROP COLUMN coins`,
  `ALTER TABLE achievements DROP COLUMN coins`,
  `ALTER TABLE points_rules DROP COLUMN coins`,
  `ALTER TABLE profiles DROP COLUMN coins`,
];
