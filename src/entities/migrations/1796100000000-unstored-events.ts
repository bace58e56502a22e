import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's events processed before the event store kept them, counted once on the profile
 * (issue 13's recompute rate): a recompute refuses such a member (their history cannot be replayed
 * whole), and the count lets it tell so from the profile it has just locked instead of matching
 * every processed event of the member against the event store on each recompute. Since the event
 * store exists every processed event is stored in the same transaction, so the count only comes
 * from the rows already there: processed events without a stored event, except those of months
 * whose partition was dropped (the recompute tells those apart from `month_partition_drops`). New
 * members start at 0 and the engine never adds to it.
 */
export class UnstoredEvents1796100000000 implements MigrationInterface {
  name = 'UnstoredEvents1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE profiles ADD COLUMN unstored_events integer NOT NULL DEFAULT 0');
    await queryRunner.query(
      `UPDATE profiles SET unstored_events = unstored.count FROM (
         SELECT p.user_id, count(*)::integer AS count FROM processed_events p
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = p.user_id AND e.event_id = p.event_id)
           AND NOT EXISTS (SELECT 1 FROM month_partition_drops d WHERE d.table_name = 'events'
             AND p.processed_at >= d.month AND p.processed_at < (d.month AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC')
         GROUP BY p.user_id) AS unstored
       WHERE profiles.user_id = unstored.user_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE profiles DROP COLUMN unstored_events');
  }
}
