import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's own settings for what others see: a chosen display name (null: the generated
 * pseudonym) and whether public leaderboards list them. One row per member, keyed by user_id.
 */
export class MemberSettings1796069742698 implements MigrationInterface {
  name = 'MemberSettings1796069742698';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE member_settings (
       user_id uuid PRIMARY KEY,
       display_name text,
       leaderboard_visibility text NOT NULL DEFAULT 'PUBLIC' CHECK (leaderboard_visibility IN ('PUBLIC', 'HIDDEN')),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE member_settings');
  }
}
