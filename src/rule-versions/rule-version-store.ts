import type { CompiledGame } from '../engine/rules/compiled-game';
import type { RulesDocument } from '../engine/rules/rules-document';
import { writeRuleTables } from '../engine/store/postgres-rules-store';
import type { Database, SqlExecutor } from '../platform/database';
import { createRecomputeJob, type RecomputeJobRecord } from './recompute-jobs';

/** A published rule version, as stored. */
export interface RuleVersionRecord {
  id: number;
  hash: string;
  source: string;
  publishedAt: Date;
  publishedBy: string;
  note: string | null;
  active: boolean;
}

export interface StoredRuleVersion extends RuleVersionRecord {
  document: Record<string, unknown>;
}

/** What a publication puts in force. */
export interface NewRuleVersion {
  document: RulesDocument;
  game: CompiledGame;
  source: string;
  publishedBy: string;
  note: string | null;
}

/**
 * The transaction advisory lock each engine transaction holds shared (the database function
 * `rule_version_in_force`, created by the rule-versions migration with this number) and a publication exclusive.
 */
export const RULE_VERSION_LOCK_KEY = 7_351_013;

/** Who publishes a rules file read at start. */
export const RULES_FILE_PUBLISHER = 'RULES_FILE';

interface VersionRow {
  id: number;
  hash: string;
  source: string;
  published_at: Date;
  published_by: string;
  note: string | null;
  active: boolean;
  document?: Record<string, unknown>;
}

const VERSION_COLUMNS = `v.id, v.hash, v.source, v.published_at, v.published_by, v.note,
  v.id = (SELECT version_id FROM rule_version_in_force) AS active`;

/** Reading rule versions (any executor: the read pool, or a transaction). */
export class RuleVersionReads {
  constructor(private readonly database: SqlExecutor) {}

  /** Newest first. */
  async list(limit: number): Promise<RuleVersionRecord[]> {
    const rows = await this.database.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM rule_versions v ORDER BY v.id DESC LIMIT $1`, [limit]);
    return rows.map(recordOf);
  }

  /** One version with its document; the one in force when `id` is not given. */
  async get(id?: number): Promise<StoredRuleVersion | null> {
    const [row] = await this.database.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS}, v.document FROM rule_versions v
        WHERE v.id = coalesce($1::integer, (SELECT version_id FROM rule_version_in_force))`,
      [id ?? null],
    );
    return row ? { ...recordOf(row), document: row.document! } : null;
  }

  /** The hash of the last rules file published at start, if any. */
  async lastRulesFileHash(): Promise<string | null> {
    const [row] = await this.database.query<{ hash: string }>('SELECT hash FROM rule_versions WHERE published_by = $1 ORDER BY id DESC LIMIT 1', [RULES_FILE_PUBLISHER]);
    return row?.hash ?? null;
  }
}

/**
 * Puts a new version in force in one transaction that holds the rule-version lock exclusive: it
 * waits for the batches under way in every process (they hold it shared), and the batches that
 * start meanwhile wait for it, then evaluate under the new version. A document identical to the
 * version in force publishes nothing (`published` null). `replaced` is what was in force, read
 * under the lock. With `backfill`, a recompute job under the version in force afterwards commits with it.
 */
export async function publishRuleVersion(
  database: Database,
  version: NewRuleVersion,
  backfill: { notify: boolean; requestedBy: string } | null = null,
): Promise<{ published: RuleVersionRecord | null; replaced: StoredRuleVersion | null; job: RecomputeJobRecord | null }> {
  return database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [RULE_VERSION_LOCK_KEY]);
    const replaced = await new RuleVersionReads(tx).get();
    let published: RuleVersionRecord | null = null;
    if (replaced?.hash !== version.game.id) {
      const [row] = await tx.query<VersionRow>(
        `INSERT INTO rule_versions (hash, source, document, published_by, note) VALUES ($1, $2, $3::jsonb, $4, $5)
         RETURNING id, hash, source, published_at, published_by, note, true AS active`,
        [version.game.id, version.source, JSON.stringify(version.document), version.publishedBy, version.note],
      );
      await tx.query(
        `INSERT INTO rule_version_in_force (version_id) VALUES ($1)
         ON CONFLICT (singleton) DO UPDATE SET version_id = EXCLUDED.version_id`,
        [row.id],
      );
      await writeRuleTables(tx, version);
      published = recordOf(row);
    }
    const inForce = published?.id ?? replaced?.id;
    const job = backfill && inForce !== undefined ? await createRecomputeJob(tx, { dryRun: false, ruleVersionId: inForce }, backfill) : null;
    return { published, replaced, job };
  });
}

function recordOf(row: VersionRow): RuleVersionRecord {
  return {
    id: row.id,
    hash: row.hash,
    source: row.source,
    publishedAt: new Date(row.published_at),
    publishedBy: row.published_by,
    note: row.note,
    active: row.active,
  };
}
