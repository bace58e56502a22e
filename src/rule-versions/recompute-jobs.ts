import { setTimeout as delay } from 'node:timers/promises';
import { CorrectionRefusedError } from '../errors';
import type { MemberRecompute } from '../engine/member-recompute';
import type { CompiledGame } from '../engine/rules/compiled-game';
import type { EngineSession } from '../engine/store/engine-store';
import type { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import type { Database, SqlExecutor } from '../platform/database';
import type { Logger } from '../platform/logger';
import { NO_IMPACT, withMemberChange, type RecomputeImpact } from './recompute-impact';
import { compileStoredRules } from './versioned-rules';

export type RecomputeJobStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'SUPERSEDED';

/** A recompute job as stored: what it recomputes under, and how far it got. */
export interface RecomputeJobRecord {
  id: number;
  /** Nothing is written: the impact is what a backfill would do. */
  dryRun: boolean;
  /** The version recomputed under (a backfill); null for a dry run. */
  ruleVersionId: number | null;
  notify: boolean;
  requestedBy: string;
  status: RecomputeJobStatus;
  /** Members with retained events, counted when the job started. */
  total: number | null;
  /** Members done, including those skipped and failed. */
  processed: number;
  /** Members whose history cannot be replayed whole (events from before the event store, or purged): left as they are. */
  skipped: number;
  errorCount: number;
  impact: RecomputeImpact;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RecomputeJobError {
  userId: string;
  message: string;
  failedAt: Date;
}

/** What a new job recomputes under: a dry run's candidate document, or a published version. */
export type RecomputeJobRules = { dryRun: true; document: Record<string, unknown> } | { dryRun: false; ruleVersionId: number };

interface JobRow {
  id: number;
  dry_run: boolean;
  rule_version_id: number | null;
  notify: boolean;
  requested_by: string;
  status: RecomputeJobStatus;
  total: number | null;
  processed: number;
  skipped: number;
  error_count: number;
  impact: RecomputeImpact;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const JOB_COLUMNS = 'id, dry_run, rule_version_id, notify, requested_by, status, total, processed, skipped, error_count, impact, created_at, started_at, finished_at';

/** Creates a job (in the caller's transaction: a publication's backfill commits with the version). */
export async function createRecomputeJob(tx: SqlExecutor, rules: RecomputeJobRules, options: { notify: boolean; requestedBy: string }): Promise<RecomputeJobRecord> {
  const [row] = await tx.query<JobRow>(
    `INSERT INTO recompute_jobs (dry_run, rule_version_id, document, notify, requested_by, status, impact)
     VALUES ($1, $2, $3::jsonb, $4, $5, 'PENDING', $6::jsonb) RETURNING ${JOB_COLUMNS}`,
    [rules.dryRun, rules.dryRun ? null : rules.ruleVersionId, rules.dryRun ? JSON.stringify(rules.document) : null, options.notify, options.requestedBy, JSON.stringify(NO_IMPACT)],
  );
  return recordOf(row);
}

export class RecomputeJobReads {
  constructor(private readonly database: SqlExecutor) {}

  async get(id: number): Promise<RecomputeJobRecord | null> {
    const [row] = await this.database.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM recompute_jobs WHERE id = $1`, [id]);
    return row ? recordOf(row) : null;
  }

  /** The members it failed on, first failures first. */
  async errors(jobId: number, limit: number): Promise<RecomputeJobError[]> {
    const rows = await this.database.query<{ user_id: string; message: string; failed_at: Date }>(
      'SELECT user_id, message, failed_at FROM recompute_job_errors WHERE job_id = $1 ORDER BY failed_at, user_id LIMIT $2',
      [jobId, limit],
    );
    return rows.map((row) => ({ userId: row.user_id, message: row.message, failedAt: new Date(row.failed_at) }));
  }
}

export interface RecomputeJobRunnerOptions {
  /** Members recomputed a second at most, so live traffic keeps its share of the database. */
  membersPerSecond: number;
  /** How long a job stays with the process running it without news (a chunk renews it); after that another process takes it over. */
  leaseMs: number;
}

/** Members per transaction at most: each holds its members' locks until it commits. */
const MAX_CHUNK = 50;
const NO_MEMBER = '00000000-0000-0000-0000-000000000000';

interface ClaimedJob {
  id: number;
  dryRun: boolean;
  ruleVersionId: number | null;
  notify: boolean;
  requestedBy: string;
  afterUserId: string | null;
}

/**
 * Runs recompute jobs, in API nodes and workers alike: each round takes the oldest open job whose
 * lease is free (or its own), and recomputes the next chunk of members (in user_id order) in one
 * transaction that also moves the job's cursor, counts and impact — so a job resumes exactly
 * where its last committed chunk ended, whoever takes it over after a crash. A backfill whose
 * version is no longer in force stops (SUPERSEDED): the newer version's publication decides.
 */
export class RecomputeJobRunner {
  private readonly chunk: number;
  private compiled: { jobId: number; game: CompiledGame } | undefined;
  private leased: number | null = null;

  constructor(
    private readonly database: Database,
    private readonly store: PostgresEngineStore,
    private readonly recompute: MemberRecompute,
    private readonly options: RecomputeJobRunnerOptions,
    private readonly logger: Logger,
  ) {
    this.chunk = Math.max(1, Math.min(MAX_CHUNK, options.membersPerSecond));
  }

  /** Members per round when there is more to do (the periodic sweep's batch). */
  get batch(): number {
    return this.chunk;
  }

  /** One chunk of the oldest job this process may run: how many members it did (0: nothing to do). */
  async round(): Promise<number> {
    const startedAt = Date.now();
    const job = await this.claim();
    if (!job) return 0;
    const game = await this.gameOf(job);
    const done = await this.store.transactionWithSql((session, tx) => this.runChunk(job, game, session, tx));
    const paced = (done * 1000) / this.options.membersPerSecond - (Date.now() - startedAt);
    if (paced > 0) await delay(paced);
    return done;
  }

  private async claim(): Promise<ClaimedJob | null> {
    const [row] = await this.database.query<{ id: number; dry_run: boolean; rule_version_id: number | null; notify: boolean; requested_by: string; after_user_id: string | null }>(
      `UPDATE recompute_jobs SET status = 'RUNNING', started_at = coalesce(started_at, now()), lease_until = now() + make_interval(secs => $1 / 1000.0),
              total = coalesce(total, (SELECT count(DISTINCT user_id)::integer FROM events))
        WHERE id = (SELECT id FROM recompute_jobs WHERE status IN ('PENDING', 'RUNNING') AND (lease_until IS NULL OR lease_until < now() OR id = $2)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, dry_run, rule_version_id, notify, requested_by, after_user_id`,
      [this.options.leaseMs, this.leased],
    );
    this.leased = row?.id ?? null;
    if (!row) return null;
    return { id: row.id, dryRun: row.dry_run, ruleVersionId: row.rule_version_id, notify: row.notify, requestedBy: row.requested_by, afterUserId: row.after_user_id };
  }

  private async gameOf(job: ClaimedJob): Promise<CompiledGame> {
    if (this.compiled?.jobId === job.id) return this.compiled.game;
    const [row] = await this.database.query<{ document: unknown }>(
      'SELECT coalesce(j.document, v.document) AS document FROM recompute_jobs j LEFT JOIN rule_versions v ON v.id = j.rule_version_id WHERE j.id = $1',
      [job.id],
    );
    const game = compileStoredRules(row.document, job.dryRun ? `recompute job ${job.id} (dry run)` : `rule version ${job.ruleVersionId}`);
    this.compiled = { jobId: job.id, game };
    return game;
  }

  private async runChunk(job: ClaimedJob, game: CompiledGame, session: EngineSession, tx: SqlExecutor): Promise<number> {
    const [locked] = await tx.query<{ status: RecomputeJobStatus; after_user_id: string | null; impact: RecomputeImpact }>(
      'SELECT status, after_user_id, impact FROM recompute_jobs WHERE id = $1 FOR UPDATE',
      [job.id],
    );
    // Another process took the job over (this one's lease lapsed) and moved on: leave it to that one.
    if (locked?.status !== 'RUNNING' || locked.after_user_id !== job.afterUserId) return 0;
    if (!job.dryRun && (await session.ruleVersionInForce(job.ruleVersionId!)).id !== job.ruleVersionId) {
      await tx.query(`UPDATE recompute_jobs SET status = 'SUPERSEDED', finished_at = now(), after_user_id = NULL, lease_until = NULL WHERE id = $1`, [job.id]);
      this.logger.warn({ job: job.id, ruleVersion: job.ruleVersionId }, 'recompute job stopped: a newer rule version was published');
      return 0;
    }
    const members = await tx.query<{ user_id: string }>('SELECT DISTINCT user_id::text AS user_id FROM events WHERE user_id > $1::uuid ORDER BY user_id LIMIT $2', [
      job.afterUserId ?? NO_MEMBER,
      this.chunk,
    ]);
    const cause = {
      cause: 'RULES' as const,
      eventId: null,
      reason: job.dryRun ? 'rules dry run' : `rule version ${job.ruleVersionId}`,
      principal: job.requestedBy,
      idempotencyKey: `recompute-job:${job.id}`,
    };
    let impact = locked.impact;
    let skipped = 0;
    const failures: { userId: string; message: string }[] = [];
    for (const { user_id: userId } of members) {
      await tx.query('SAVEPOINT recompute_member');
      try {
        const { correction } = await this.recompute.recomputeIn(session, userId, game, cause, { write: !job.dryRun, notify: job.notify });
        await tx.query('RELEASE SAVEPOINT recompute_member');
        impact = withMemberChange(impact, {
          changed: correction.changed,
          pointsDelta: correction.pointsDelta,
          gained: correction.achievements.gained,
          lost: correction.achievements.revoked,
        });
      } catch (error) {
        await tx.query('ROLLBACK TO SAVEPOINT recompute_member');
        if (error instanceof CorrectionRefusedError) skipped++;
        else failures.push({ userId, message: error instanceof Error ? error.message : String(error) });
      }
    }
    const finished = members.length < this.chunk;
    await tx.query(
      `UPDATE recompute_jobs SET processed = processed + $2, skipped = skipped + $3, error_count = error_count + $4, impact = $5::jsonb,
              after_user_id = $6::uuid, status = $7, finished_at = CASE WHEN $7 = 'SUCCEEDED' THEN now() END,
              lease_until = CASE WHEN $7 = 'SUCCEEDED' THEN NULL ELSE now() + make_interval(secs => $8 / 1000.0) END
        WHERE id = $1`,
      [
        job.id,
        members.length,
        skipped,
        failures.length,
        JSON.stringify(impact),
        finished ? null : members[members.length - 1].user_id,
        finished ? 'SUCCEEDED' : 'RUNNING',
        this.options.leaseMs,
      ],
    );
    if (failures.length > 0) {
      await tx.query(
        `INSERT INTO recompute_job_errors (user_id, job_id, message) SELECT u, $1, m FROM unnest($2::uuid[], $3::text[]) AS f(u, m)
         ON CONFLICT (user_id, job_id) DO UPDATE SET message = EXCLUDED.message, failed_at = now()`,
        [job.id, failures.map((failure) => failure.userId), failures.map((failure) => failure.message)],
      );
      for (const failure of failures) this.logger.warn({ job: job.id, userId: failure.userId, errorMessage: failure.message }, 'recompute job: member failed');
    }
    if (finished) this.logger.info({ job: job.id, dryRun: job.dryRun, ruleVersion: job.ruleVersionId, impact }, 'recompute job finished');
    return members.length;
  }
}

function recordOf(row: JobRow): RecomputeJobRecord {
  const at = (value: Date | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    dryRun: row.dry_run,
    ruleVersionId: row.rule_version_id,
    notify: row.notify,
    requestedBy: row.requested_by,
    status: row.status,
    total: row.total,
    processed: row.processed,
    skipped: row.skipped,
    errorCount: row.error_count,
    impact: row.impact,
    createdAt: new Date(row.created_at),
    startedAt: at(row.started_at),
    finishedAt: at(row.finished_at),
  };
}
