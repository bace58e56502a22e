import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections (issue 13): each recompute that changed a member (a retraction) is recorded with
 * its cause and what it did; the compensating ledger lines it wrote point at it
 * (`points_ledger.correction_id`). The retention purge now keeps an event's row and removes its
 * payload (a tombstone: a retraction of it is refused as outside retention, and the member's
 * history is known to be incomplete).
 */
export class Corrections1796094817000 implements MigrationInterface {
  name = 'Corrections1796094817000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE corrections');
    await queryRunner.query('ALTER TABLE points_ledger DROP COLUMN correction_id');
    await queryRunner.query(`DELETE FROM events WHERE payload IS NULL`);
    await queryRunner.query('ALTER TABLE events ALTER COLUMN payload SET NOT NULL');
  }
}

const UP = [
  `CREATE TABLE corrections (
     user_id uuid NOT NULL,
     id uuid NOT NULL,
     idempotency_key text NOT NULL,
     cause text NOT NULL,
     event_id text,
     reason text NOT NULL,
     principal text NOT NULL,
     points_delta integer NOT NULL,
     total_points integer NOT NULL,
     level integer NOT NULL,
     coins_delta integer NOT NULL,
     achievements_revoked jsonb NOT NULL,
     achievements_gained jsonb NOT NULL,
     quests_revoked jsonb NOT NULL,
     rewards_revoked jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, id),
     CONSTRAINT corrections_cause_check CHECK (cause IN ('RETRACTION', 'RULES'))
   )`,
  `CREATE UNIQUE INDEX corrections_idempotency_idx ON corrections (user_id, idempotency_key)`,
  `CREATE INDEX corrections_created_idx ON corrections (user_id, created_at)`,
  `ALTER TABLE points_ledger ADD COLUMN correction_id uuid`,
  `ALTER TABLE events ALTER COLUMN payload DROP NOT NULL`,
];
