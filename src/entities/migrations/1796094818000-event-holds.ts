import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plausibility holds (issue 13): an event a `holds:` entry matches is stored HELD (which hold,
 * why) and awards nothing until an admin reviews it: released (ACCEPTED, its member recomputed
 * with it: a correction of cause RELEASE) or rejected (REJECTED, kept, no effect). Held events are
 * few: a partial index lists them for review without costing other inserts more than a predicate.
 */
export class EventHolds1796094818000 implements MigrationInterface {
  name = 'EventHolds1796094818000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX events_held_idx');
    await queryRunner.query(`ALTER TABLE events DROP COLUMN hold_key, DROP COLUMN hold_reason, DROP COLUMN reviewed_by, DROP COLUMN reviewed_at, DROP COLUMN review_note`);
    await queryRunner.query(`ALTER TABLE events DROP CONSTRAINT events_status_check, ADD CONSTRAINT events_status_check CHECK (status IN ('ACCEPTED', 'RETRACTED', 'HELD'))`);
    await queryRunner.query(`ALTER TABLE corrections DROP CONSTRAINT corrections_cause_check, ADD CONSTRAINT corrections_cause_check CHECK (cause IN ('RETRACTION', 'RULES'))`);
  }
}

const UP = [
  `ALTER TABLE events ADD COLUMN hold_key text, ADD COLUMN hold_reason text, ADD COLUMN reviewed_by text, ADD COLUMN reviewed_at timestamptz, ADD COLUMN review_note text`,
  `ALTER TABLE events DROP CONSTRAINT events_status_check, ADD CONSTRAINT events_status_check CHECK (status IN ('ACCEPTED', 'RETRACTED', 'HELD', 'REJECTED'))`,
  `CREATE INDEX events_held_idx ON events (created_at, user_id, event_id) WHERE status = 'HELD'`,
  `ALTER TABLE corrections DROP CONSTRAINT corrections_cause_check, ADD CONSTRAINT corrections_cause_check CHECK (cause IN ('RETRACTION', 'RULES', 'RELEASE'))`,
];
