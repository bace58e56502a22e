import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recompute jobs run in lanes (issue 13's rate): the member id space is cut into ranges, each
 * with its own cursor (the last member done in it), so several chunks of one job run at once
 * and each resumes where its own last committed chunk ended. `lanes` holds the cursors (null until
 * the job first runs); a job under way keeps its progress as a single lane.
 */
export class RecomputeJobLanes1796099000000 implements MigrationInterface {
  name = 'RecomputeJobLanes1796099000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE recompute_jobs ADD COLUMN lanes jsonb');
    await queryRunner.query('UPDATE recompute_jobs SET lanes = jsonb_build_array(after_user_id) WHERE after_user_id IS NOT NULL');
    await queryRunner.query('ALTER TABLE recompute_jobs DROP COLUMN after_user_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE recompute_jobs ADD COLUMN after_user_id uuid');
    await queryRunner.query(`UPDATE recompute_jobs SET after_user_id = (lanes ->> 0)::uuid WHERE jsonb_array_length(lanes) = 1`);
    await queryRunner.query('ALTER TABLE recompute_jobs DROP COLUMN lanes');
  }
}
