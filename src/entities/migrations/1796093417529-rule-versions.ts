import type { MigrationInterface, QueryRunner } from 'typeorm';

/** RULE_VERSION_LOCK_KEY (src/rule-versions/rule-version-store.ts), written out: a migration stays as it was released. */
const RULE_VERSION_LOCK_KEY = 7_351_013;

/**
 * Rule sets become versions: every published document is kept (id, content hash, who published it,
 * when and why), and one row names the version in force. `rule_version_in_force(known)` is what a batch
 * asks first: it takes the rule-version lock shared, then reads the version in force (and its
 * document when it is not `known`) with a fresh snapshot (a VOLATILE function's statements each
 * take one), so a publish (the lock exclusive) waits for the batches under way and every batch
 * after it sees the new version.
 * The rule sets stored so far become versions in the order they were loaded, the last one in force.
 */
export class RuleVersions1796093417529 implements MigrationInterface {
  name = 'RuleVersions1796093417529';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE rule_versions (
       id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       hash text NOT NULL,
       source text NOT NULL,
       document jsonb NOT NULL,
       published_at timestamptz NOT NULL DEFAULT now(),
       published_by text NOT NULL,
       note text
     )`);
    await queryRunner.query('CREATE INDEX rule_versions_hash ON rule_versions (hash)');
    await queryRunner.query(`INSERT INTO rule_versions (hash, source, document, published_at, published_by)
       SELECT id, source, document, loaded_at, 'RULES_FILE' FROM rule_sets ORDER BY loaded_at, id`);
    await queryRunner.query(`CREATE TABLE rule_version_in_force (
       singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
       version_id integer NOT NULL REFERENCES rule_versions (id)
     )`);
    await queryRunner.query('INSERT INTO rule_version_in_force (version_id) SELECT max(id) FROM rule_versions HAVING count(*) > 0');
    await queryRunner.query('DROP TABLE rule_sets');
    await queryRunner.query(`CREATE FUNCTION rule_version_in_force(known integer) RETURNS TABLE (version_id integer, version_document jsonb)
       LANGUAGE plpgsql VOLATILE AS $$
       DECLARE
         in_force integer;
       BEGIN
         PERFORM pg_advisory_xact_lock_shared(${RULE_VERSION_LOCK_KEY});
         SELECT f.version_id INTO in_force FROM rule_version_in_force f;
         IF in_force IS NOT DISTINCT FROM known THEN
           RETURN QUERY SELECT in_force, NULL::jsonb;
         ELSE
           RETURN QUERY SELECT v.id, v.document FROM rule_versions v WHERE v.id = in_force;
         END IF;
       END
     $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION rule_version_in_force(integer)');
    await queryRunner.query(`CREATE TABLE rule_sets (id text PRIMARY KEY, source text NOT NULL, document jsonb NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`INSERT INTO rule_sets (id, source, document, loaded_at)
       SELECT DISTINCT ON (hash) hash, source, document, published_at FROM rule_versions ORDER BY hash, id DESC`);
    await queryRunner.query('DROP TABLE rule_version_in_force');
    await queryRunner.query('DROP TABLE rule_versions');
  }
}
