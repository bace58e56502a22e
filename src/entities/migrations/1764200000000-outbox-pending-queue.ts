import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are no longer updated once written. What the relay still has to send is a narrow
 * queue, `outbox_pending` (outbox ids), written in the engine's transaction and deleted by the
 * relay once every sink took the notification. Marking a row published used to write a new
 * version of the whole outbox row (payload included) and two index entries; a deleted queue row
 * costs a fraction of that, and the outbox keeps one version per row. `outbox_pending` is the
 * relay's global queue in outbox id order, not a per-member table; the relay reads the rows it
 * names through an index on the outbox id (which replaces the partial index of unpublished ids).
 * Relayed rows are purged by age (`created_at`, BRIN: the outbox is written in time order).
 * Upgrade every process together: an older process would neither queue its notifications nor
 * find `published_at`.
 */
export class OutboxPendingQueue1764200000000 implements MigrationInterface {
  name = 'OutboxPendingQueue1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `CREATE TABLE outbox_pending (id bigint PRIMARY KEY)`,
  `INSERT INTO outbox_pending (id) SELECT id FROM outbox WHERE published_at IS NULL`,
  `DROP INDEX outbox_unpublished_idx`,
  `CREATE INDEX outbox_id_idx ON outbox (id)`,
  `DROP INDEX outbox_published_at_idx`,
  `ALTER TABLE outbox DROP COLUMN published_at`,
  `CREATE INDEX outbox_created_at_idx ON outbox USING brin (created_at)`,
];

const DOWN = [
  `DROP INDEX outbox_created_at_idx`,
  `DROP INDEX outbox_id_idx`,
  `ALTER TABLE outbox ADD COLUMN published_at timestamptz`,
  `UPDATE outbox o SET published_at = o.created_at WHERE NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.id = o.id)`,
  `CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`,
  `CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
  `DROP TABLE outbox_pending`,
];
