import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the admin console's `stats`: events per minute over the last hour read processed_events by
 * processed_at (insert time, so a BRIN index stays small and exact enough), and today's
 * unlocks read user_achievements by unlocked_at (set long after the row is inserted, so a
 * partial B-tree over unlocked rows only).
 */
export class ConsoleStatsIndexes1796080000000 implements MigrationInterface {
  name = 'ConsoleStatsIndexes1796080000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX processed_events_processed_at_idx ON processed_events USING brin (processed_at)');
    await queryRunner.query('CREATE INDEX user_achievements_unlocked_at_idx ON user_achievements (unlocked_at) WHERE unlocked_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX user_achievements_unlocked_at_idx');
    await queryRunner.query('DROP INDEX processed_events_processed_at_idx');
  }
}
