import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recompute jobs (issue 13): every member with retained events recomputed under a rule version,
 * written (a publication's backfill) or not (a dry run's impact), a chunk of members per
 * transaction. The job row carries its progress and the cursor it resumes from (the last member
 * done, cleared when it finishes), and a lease: the process running it renews it with each
 * chunk, and another takes the job over when it lapses (a crash). Members that failed are kept
 * beside it, keyed by member (export and erasure).
 */
export class RecomputeJobs1796095417871 implements MigrationInterface {
  name = 'RecomputeJobs1796095417871';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE recompute_job_errors');
    await queryRunner.query('DROP TABLE recompute_jobs');
  }
}

const UP = [
  `CREATE TABLE recompute_jobs (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     dry_run boolean NOT NULL,
     rule_version_id integer REFERENCES rule_versions (id),
     document jsonb,
     notify boolean NOT NULL,
     requested_by text NOT NULL,
     status text NOT NULL,
     total integer,
     processed integer NOT NULL DEFAULT 0,
     skipped integer NOT NULL DEFAULT 0,
     error_count integer NOT NULL DEFAULT 0,
     after_user_id uuid,
     impact jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     started_at timestamptz,
     finished_at timestamptz,
     lease_until timestamptz,
     CONSTRAINT recompute_jobs_status_check CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'SUPERSEDED')),
     CONSTRAINT recompute_jobs_rules_check CHECK ((rule_version_id IS NULL) = dry_run AND (document IS NULL) = NOT dry_run)
   )`,
  `CREATE INDEX recompute_jobs_open_idx ON recompute_jobs (id) WHERE status IN ('PENDING', 'RUNNING')`,
  `CREATE TABLE recompute_job_errors (
     user_id uuid NOT NULL,
     job_id integer NOT NULL REFERENCES recompute_jobs (id) ON DELETE CASCADE,
     message text NOT NULL,
     failed_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, job_id)
   )`,
  `CREATE INDEX recompute_job_errors_job_idx ON recompute_job_errors (job_id)`,
];
