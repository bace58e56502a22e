import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints and their delivery queue. `webhooks` is operations configuration (no member
 * data). `webhook_deliveries` holds one row per notification and endpoint, keyed by member first
 * (user_id, webhook_id, notification_id) so export and erasure reach it by member id; the body is
 * rebuilt from the outbox row, so the queue stores no payload. The relay's webhook sink inserts
 * rows; the dispatcher takes due ones through the pending index and marks them delivered or failed.
 */
export class Webhooks1796069653230 implements MigrationInterface {
  name = 'Webhooks1796069653230';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `CREATE TABLE webhooks (
     id uuid PRIMARY KEY,
     url text NOT NULL,
     kinds jsonb NOT NULL,
     journeys jsonb,
     description text,
     secret text NOT NULL,
     previous_secret text,
     previous_secret_expires_at timestamptz,
     enabled boolean NOT NULL DEFAULT true,
     disabled_reason text,
     consecutive_failures integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE webhook_deliveries (
     user_id uuid NOT NULL,
     webhook_id uuid NOT NULL,
     notification_id bigint NOT NULL,
     status text NOT NULL DEFAULT 'PENDING',
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL DEFAULT now(),
     attempt_log jsonb NOT NULL DEFAULT '[]',
     created_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz,
     PRIMARY KEY (user_id, webhook_id, notification_id)
   )`,
  `CREATE INDEX webhook_deliveries_listing_idx ON webhook_deliveries (webhook_id, notification_id)`,
  `CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (webhook_id, next_attempt_at) WHERE status = 'PENDING'`,
  `CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (webhook_id, notification_id) WHERE status = 'FAILED'`,
  `CREATE INDEX webhook_deliveries_created_at_idx ON webhook_deliveries USING brin (created_at)`,
];

const DOWN = [`DROP TABLE webhook_deliveries`, `DROP TABLE webhooks`];
