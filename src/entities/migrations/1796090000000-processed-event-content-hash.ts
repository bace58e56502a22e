import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of each processed event's content (sha256 of its canonical JSON as accepted):
 * a repeat of its id with other content is an IDEMPOTENCY_CONFLICT instead of a duplicate. Rows
 * processed before have none (NULL) and count as identical to any repeat.
 */
export class ProcessedEventContentHash1796090000000 implements MigrationInterface {
  name = 'ProcessedEventContentHash1796090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE processed_events ADD COLUMN content_hash text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE processed_events DROP COLUMN content_hash');
  }
}
