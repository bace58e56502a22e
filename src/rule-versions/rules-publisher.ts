import { compileRulesText } from '../engine/rules/load-rules-file';
import { RulesFileError, type RulesProblem } from '../engine/rules/rules-file-error';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { publishRuleVersion, type NewRuleVersion, type RuleVersionReads, type RuleVersionRecord } from './rule-version-store';
import { createRecomputeJob, type RecomputeJobRecord } from './recompute-jobs';
import { diffRules, type RulesDiff } from './rules-diff';
import type { CompiledVersion } from './versioned-rules';

/** The largest rules document accepted, in characters (the shipped default is ~20 KB). */
export const MAX_RULES_DOCUMENT_LENGTH = 1_000_000;

export interface PublishRulesRequest {
  /** YAML or JSON. */
  document: string;
  note: string | null;
  /** Check and compare only: nothing changes. */
  dryRun: boolean;
  /** Who publishes (the admin token's subject). */
  principal: string;
  /** Recompute every member with retained events under the document: a job (a dry run's impact, or a publication's backfill). */
  recompute: 'NONE' | 'ALL_MEMBERS';
  /** Whether the backfill notifies members of what it changed (off: a quiet backfill). */
  notify: boolean;
}

/** What a publication (or its dry run) found and did. */
export interface RulesPublicationView {
  dryRun: boolean;
  /** Problems that stop the document from being published; when any, nothing else is filled. */
  errors: RulesProblem[];
  /** Against the version in force (read under the publication's lock when it publishes). */
  diff: RulesDiff | null;
  /** The version put in force; null for a dry run, an invalid document, or one identical to the version in force. */
  published: RuleVersionRecord | null;
  /** The recompute job (`recompute: ALL_MEMBERS`): the dry run's impact, or the backfill under the version in force. */
  job: RecomputeJobRecord | null;
}

/**
 * Publishes rules documents as new versions. A document is checked as a rules file is (shape,
 * references, conditions), each problem with its path and line; a dry run stops after the diff.
 */
export class RulesPublisher {
  constructor(
    private readonly database: Database,
    private readonly versions: RuleVersionReads,
    private readonly logger: Logger,
    /** This process takes up what it published at once (the others at their next batch, or refresh). */
    private readonly onPublished: (published: CompiledVersion) => void,
  ) {}

  async publish(request: PublishRulesRequest): Promise<RulesPublicationView> {
    const checked = checkDocument(request.document);
    if ('errors' in checked) return { dryRun: request.dryRun, errors: checked.errors, diff: null, published: null, job: null };
    const candidate: NewRuleVersion = { ...checked, source: 'publishRules', publishedBy: request.principal, note: request.note };
    const jobOptions = { notify: request.notify, requestedBy: request.principal };
    const recompute = request.recompute === 'ALL_MEMBERS';
    if (request.dryRun) {
      const inForce = await this.versions.get();
      const job = recompute ? await createRecomputeJob(this.database, { dryRun: true, document: storedForm(candidate) }, { ...jobOptions, notify: false }) : null;
      return { dryRun: true, errors: [], diff: diffRules(inForce?.document ?? null, storedForm(candidate)), published: null, job };
    }
    const { published, replaced, job } = await publishRuleVersion(this.database, candidate, recompute ? jobOptions : null);
    if (published) {
      this.onPublished({ version: published.id, game: candidate.game });
      this.logger.info(
        { version: published.id, hash: published.hash, replaced: replaced?.id ?? null, publishedBy: published.publishedBy, note: published.note, job: job?.id },
        'rule version published',
      );
    }
    return { dryRun: false, errors: [], diff: diffRules(replaced?.document ?? null, storedForm(candidate)), published, job };
  }
}

function checkDocument(text: string): { errors: RulesProblem[] } | Pick<NewRuleVersion, 'document' | 'game'> {
  if (text.length > MAX_RULES_DOCUMENT_LENGTH) {
    return { errors: [{ path: '', message: `the document is ${text.length} characters long; at most ${MAX_RULES_DOCUMENT_LENGTH} are accepted` }] };
  }
  try {
    return compileRulesText(text, 'publishRules');
  } catch (error) {
    if (error instanceof RulesFileError) return { errors: [...error.problems] };
    throw error;
  }
}

/** The document as PostgreSQL keeps it (JSON), to compare with a stored one. */
function storedForm({ document }: Pick<NewRuleVersion, 'document'>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
}
