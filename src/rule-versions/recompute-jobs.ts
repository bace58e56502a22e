import { setTimeout as delay } from 'node:timers/promises';
import { classifyError } from '../errors';
import type { MemberRecompute, MemberRecomputeResult, RecomputeCause, RecomputeMode } from '../engine/member-recompute';
import type { CompiledGame } from '../engine/rules/compiled-game';
import type { EngineSession } from '../engine/store/engine-store';
import type { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import type { Database, PreparedSql, SqlExecutor } from '../platform/database';
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
  /** Chunks run at once (each a transaction and a connection of the pool); a job first run here is cut into as many lanes. */
  lanes: number;
  /**
   * Members per chunk (one transaction) at most. A chunk holds its members' locks until it commits,
   * so a live event of one of them waits that long: smaller chunks lower live latency during a job,
   * larger ones raise the job's rate (bench/RESULTS.md: 50 → p99 66 ms, 20 → 48 ms).
   */
  chunkMembers: number;
}
/** Lane bounds: a lane holds the member ids after its lower bound up to its upper bound, both as uuids. */
const NO_MEMBER = '00000000-0000-0000-0000-000000000000';
const LAST_MEMBER = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The upper bound of lane `lane` of `lanes`: the id space cut into equal ranges by its first 32 bits (member ids are random uuids). */
function laneEnd(lane: number, lanes: number): string {
  if (lane === lanes - 1) return LAST_MEMBER;
  const prefix = Math.floor(((lane + 1) * 2 ** 32) / lanes) - 1;
  return `${prefix.toString(16).padStart(8, '0')}-ffff-ffff-ffff-ffffffffffff`;
}

/** The cursors of a job that has not run yet: each lane before its first member. */
function freshLanes(lanes: number): string[] {
  return Array.from({ length: lanes }, (_, lane) => (lane === 0 ? NO_MEMBER : laneEnd(lane - 1, lanes)));
}

interface ClaimedJob {
  id: number;
  dryRun: boolean;
  ruleVersionId: number | null;
  notify: boolean;
  requestedBy: string;
  /** Each lane's cursor when claimed: the last member done in it (its upper bound once the lane is done). */
  lanes: string[];
}

/** What one chunk of a lane did. */
interface ChunkDone {
  members: number;
  /** The lane has no member left. */
  laneDone: boolean;
  /** The job is not this process's to run any more (finished, superseded, or taken over): the round stops. */
  stop: boolean;
}

/**
 * Runs recompute jobs, in API nodes and workers alike: each round takes the oldest open job whose
 * lease is free (or its own), and recomputes chunks of members in `lanes` lanes at once: the
 * member id space is cut into as many ranges (fixed when the job first runs), each walked in
 * user_id order with a cursor of its own. A chunk is one transaction that also moves its lane's
 * cursor and the job's counts and impact (under the job row's lock, taken last and held only to
 * the commit) — so every lane resumes exactly where its last committed chunk ended, whoever takes
 * the job over after a crash. A backfill whose version is no longer in force stops (SUPERSEDED):
 * the newer version's publication decides.
 */
export class RecomputeJobRunner {
  private readonly chunk: number;
  private readonly lanes: number;
  private compiled: { jobId: number; game: CompiledGame } | undefined;
  private leased: number | null = null;

  constructor(
    private readonly database: Database,
    private readonly store: PostgresEngineStore,
    private readonly recompute: MemberRecompute,
    private readonly options: RecomputeJobRunnerOptions,
    private readonly logger: Logger,
  ) {
    this.chunk = Math.max(1, Math.min(options.chunkMembers, options.membersPerSecond));
    this.lanes = Math.max(1, options.lanes);
  }

  /** Members per round when there is more to do (the periodic sweep's batch): a chunk per lane. */
  get batch(): number {
    return this.chunk * this.lanes;
  }

  /**
   * A chunk per lane of the oldest job this process may run, the lanes at once (a lane that runs
   * out leaves its turn to another still open): how many members it did (0: nothing to do).
   */
  async round(): Promise<number> {
    const startedAt = Date.now();
    const job = await this.claim();
    if (!job) return 0;
    const game = await this.gameOf(job);
    const cursors = [...job.lanes];
    const open = new Set(cursors.flatMap((cursor, lane) => (cursor === laneEnd(lane, cursors.length) ? [] : [lane])));
    let chunks = this.lanes;
    let done = 0;
    let stopped = false;
    const lanes = Array.from({ length: this.lanes }, async () => {
      while (chunks > 0 && !stopped) {
        const lane = [...open][0];
        if (lane === undefined) return;
        open.delete(lane);
        chunks--;
        const chunk = await this.store.transactionWithSql((session, tx) => this.runChunk(job, lane, cursors, game, session, tx));
        done += chunk.members;
        if (chunk.stop) stopped = true;
        else if (!chunk.laneDone) open.add(lane);
      }
    });
    await Promise.all(lanes);
    const paced = (done * 1000) / this.options.membersPerSecond - (Date.now() - startedAt);
    if (paced > 0) await delay(paced);
    return done;
  }

  private async claim(): Promise<ClaimedJob | null> {
    const [row] = await this.database.query<{ id: number; dry_run: boolean; rule_version_id: number | null; notify: boolean; requested_by: string; lanes: string[] }>(
      `UPDATE recompute_jobs SET status = 'RUNNING', started_at = coalesce(started_at, now()), lease_until = now() + make_interval(secs => $1 / 1000.0),
              total = coalesce(total, (SELECT count(DISTINCT user_id)::integer FROM events)), lanes = coalesce(lanes, $3::jsonb)
        WHERE id = (SELECT id FROM recompute_jobs WHERE status IN ('PENDING', 'RUNNING') AND (lease_until IS NULL OR lease_until < now() OR id = $2)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, dry_run, rule_version_id, notify, requested_by, lanes`,
      [this.options.leaseMs, this.leased, JSON.stringify(freshLanes(this.lanes))],
    );
    this.leased = row?.id ?? null;
    if (!row) return null;
    return { id: row.id, dryRun: row.dry_run, ruleVersionId: row.rule_version_id, notify: row.notify, requestedBy: row.requested_by, lanes: row.lanes };
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

  /** The next chunk of lane `lane` after `cursors[lane]` (moved on when it commits). */
  private async runChunk(job: ClaimedJob, lane: number, cursors: string[], game: CompiledGame, session: EngineSession, tx: SqlExecutor): Promise<ChunkDone> {
    if (!job.dryRun && (await session.ruleVersionInForce(job.ruleVersionId!)).id !== job.ruleVersionId) {
      await tx.query(`UPDATE recompute_jobs SET status = 'SUPERSEDED', finished_at = now(), lanes = NULL, lease_until = NULL WHERE id = $1 AND status = 'RUNNING'`, [job.id]);
      this.logger.warn({ job: job.id, ruleVersion: job.ruleVersionId }, 'recompute job stopped: a newer rule version was published');
      return { members: 0, laneDone: true, stop: true };
    }
    const cursor = cursors[lane];
    const end = laneEnd(lane, cursors.length);
    const members = await tx.query<{ user_id: string }>(NEXT_MEMBERS_SQL, [cursor, end, this.chunk]);
    const userIds = members.map((member) => member.user_id);
    const results = await this.recomputeChunk(job, userIds, game, session, tx);
    const [locked] = await tx.query<{ status: RecomputeJobStatus; lanes: string[] | null; impact: RecomputeImpact }>(
      'SELECT status, lanes, impact FROM recompute_jobs WHERE id = $1 FOR UPDATE',
      [job.id],
    );
    if (locked?.status !== 'RUNNING' || locked.lanes?.[lane] !== cursor) {
      // Another process took the job over (this one's lease lapsed) and moved this lane on, or the job ended: this chunk's work is undone.
      await tx.query('ROLLBACK TO SAVEPOINT recompute_chunk_start');
      return { members: 0, laneDone: true, stop: true };
    }
    let impact = locked.impact;
    let skipped = 0;
    const failures: { userId: string; message: string }[] = [];
    for (const [userId, result] of results) {
      if ('failed' in result) failures.push({ userId, message: result.failed });
      else if ('refused' in result) skipped++;
      else {
        const { correction } = result;
        impact = withMemberChange(impact, {
          changed: correction.changed,
          pointsDelta: correction.pointsDelta,
          gained: correction.achievements.gained,
          lost: correction.achievements.revoked,
        });
      }
    }
    const laneDone = members.length < this.chunk;
    const lanes = [...locked.lanes];
    lanes[lane] = laneDone ? end : userIds[userIds.length - 1];
    const finished = lanes.every((laneCursor, index) => laneCursor === laneEnd(index, lanes.length));
    await tx.query(
      `UPDATE recompute_jobs SET processed = processed + $2, skipped = skipped + $3, error_count = error_count + $4, impact = $5::jsonb,
              lanes = $6::jsonb, status = $7, finished_at = CASE WHEN $7 = 'SUCCEEDED' THEN now() END,
              lease_until = CASE WHEN $7 = 'SUCCEEDED' THEN NULL ELSE now() + make_interval(secs => $8 / 1000.0) END
        WHERE id = $1`,
      [job.id, members.length, skipped, failures.length, JSON.stringify(impact), JSON.stringify(lanes), finished ? 'SUCCEEDED' : 'RUNNING', this.options.leaseMs],
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
    cursors[lane] = lanes[lane];
    return { members: members.length, laneDone, stop: finished };
  }

  /** The chunk's members recomputed together; when one of them fails, each on their own, so the others are kept and the one that failed is named. */
  private async recomputeChunk(
    job: ClaimedJob,
    userIds: readonly string[],
    game: CompiledGame,
    session: EngineSession,
    tx: SqlExecutor,
  ): Promise<Map<string, MemberRecomputeResult | { failed: string }>> {
    const cause: RecomputeCause = {
      cause: 'RULES',
      eventId: null,
      reason: job.dryRun ? 'rules dry run' : `rule version ${job.ruleVersionId}`,
      principal: job.requestedBy,
      idempotencyKey: `recompute-job:${job.id}`,
    };
    const mode = { write: !job.dryRun, notify: job.notify };
    await tx.query('SAVEPOINT recompute_chunk_start');
    try {
      return await this.recompute.recomputeMembersIn(session, userIds, game, cause, mode);
    } catch (error) {
      // A fault worth retrying (a deadlock, a lost connection) undoes the whole chunk: the next round runs it again.
      const classified = classifyError(error);
      if (classified.retriable) throw classified;
      await tx.query('ROLLBACK TO SAVEPOINT recompute_chunk_start');
      return this.oneByOne(session, tx, userIds, game, cause, mode);
    }
  }

  /** A chunk's members each in a savepoint of their own: a member that fails is named, the others kept. */
  private async oneByOne(
    session: EngineSession,
    tx: SqlExecutor,
    userIds: readonly string[],
    game: CompiledGame,
    cause: RecomputeCause,
    mode: RecomputeMode,
  ): Promise<Map<string, MemberRecomputeResult | { failed: string }>> {
    const results = new Map<string, MemberRecomputeResult | { failed: string }>();
    for (const userId of userIds) {
      await tx.query('SAVEPOINT recompute_member');
      try {
        results.set(userId, (await this.recompute.recomputeMembersIn(session, [userId], game, cause, mode)).get(userId)!);
        await tx.query('RELEASE SAVEPOINT recompute_member');
      } catch (error) {
        const classified = classifyError(error);
        if (classified.retriable) throw classified;
        await tx.query('ROLLBACK TO SAVEPOINT recompute_member');
        results.set(userId, { failed: classified.message });
      }
    }
    return results;
  }
}

/**
 * The next members with retained events in a lane, in user_id order: a skip scan of the events'
 * primary key (one index probe a member, however many events each has and whatever the planner's
 * statistics say), where DISTINCT would read every event of the members it passes.
 */
const NEXT_MEMBERS_SQL: PreparedSql = {
  name: 'recompute-next-members',
  text: `WITH RECURSIVE member AS (
      (SELECT user_id FROM events WHERE user_id > $1::uuid AND user_id <= $2::uuid ORDER BY user_id LIMIT 1)
      UNION ALL
      SELECT (SELECT e.user_id FROM events e WHERE e.user_id > member.user_id AND e.user_id <= $2::uuid ORDER BY e.user_id LIMIT 1)
      FROM member WHERE member.user_id IS NOT NULL
    )
    SELECT user_id::text AS user_id FROM member WHERE user_id IS NOT NULL LIMIT $3`,
};

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
