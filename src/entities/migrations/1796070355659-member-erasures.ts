import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per erased member, holding no member id: the id's keyed hash (MEMBER_DATA_KEY), who
 * erased, when and why, and the erasure's idempotency key. The engine looks the hash up under
 * the member's lock, so an event arriving after the erasure never recreates the member.
 */
export class MemberErasures1796070355659 implements MigrationInterface {
  name = 'MemberErasures1796070355659';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE member_erasures (
       member_hash text PRIMARY KEY,
       idempotency_key text NOT NULL UNIQUE,
       reason text NOT NULL,
       erased_by text NOT NULL,
       erased_at timestamptz NOT NULL DEFAULT now(),
       rows_deleted jsonb NOT NULL
     )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE member_erasures');
  }
}
