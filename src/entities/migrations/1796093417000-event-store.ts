import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store (issue 13): every accepted event, as accepted (payload upgraded to the current
 * schema), written in its effects' transaction and kept EVENT_RETENTION_DAYS, so a member's
 * history can be recomputed (a retraction, a held event's release, a rule version's backfill).
 * Keyed by member first (user_id leads the primary key, as every per-member table); `event_id`
 * alone is indexed for a retraction that names only the event; a BRIN index on `created_at`
 * (rows arrive in that order) lets the purge find old rows without a second B-tree per event.
 * `profiles.events_purged_through` records, per member, the latest event time whose row the
 * purge removed: history before it can no longer be recomputed.
 */
export class EventStore1796093417000 implements MigrationInterface {
  name = 'EventStore1796093417000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE profiles DROP COLUMN events_purged_through');
    await queryRunner.query('DROP TABLE events');
  }
}

const UP = [
  `CREATE TABLE events (
     user_id uuid NOT NULL,
     event_id text NOT NULL,
     type text NOT NULL,
     journey text NOT NULL,
     occurred_at timestamptz NOT NULL,
     schema_version text NOT NULL,
     payload jsonb NOT NULL,
     status text NOT NULL DEFAULT 'ACCEPTED',
     retracted_by text,
     retracted_at timestamptz,
     retraction_reason text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, event_id),
     CONSTRAINT events_status_check CHECK (status IN ('ACCEPTED', 'RETRACTED', 'HELD'))
   )`,
  `CREATE INDEX events_event_id_idx ON events (event_id)`,
  `CREATE INDEX events_created_at_idx ON events USING brin (created_at)`,
  `ALTER TABLE profiles ADD COLUMN events_purged_through timestamptz`,
];
