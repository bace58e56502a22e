import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-minute counts of events that committed nothing (duplicate, rejected, dropped), for `stats` on every API node alike. */
export class EventOutcomeMinutes1796094500000 implements MigrationInterface {
  name = 'EventOutcomeMinutes1796094500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE event_outcome_minutes (
      minute timestamptz NOT NULL,
      outcome text NOT NULL,
      events bigint NOT NULL,
      PRIMARY KEY (minute, outcome)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE event_outcome_minutes');
  }
}
