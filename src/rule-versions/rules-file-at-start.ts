import { InternalError } from '../errors';
import type { LoadedRules } from '../engine/rules/load-rules-file';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { publishRuleVersion, RULES_FILE_PUBLISHER, RuleVersionReads } from './rule-version-store';
import { compileStoredRules, type CompiledVersion } from './versioned-rules';

/**
 * `RULES_FILE` at start: the file is published as a new version (no recompute) when its content
 * changed since a rules file was last published, so a deploy with new rules puts them in force
 * while a restart with the same file keeps a version published since through `publishRules`.
 * Returns the version in force, compiled.
 */
export async function putRulesFileInForce(database: Database, file: LoadedRules, logger: Logger): Promise<CompiledVersion> {
  const reads = new RuleVersionReads(database);
  if ((await reads.lastRulesFileHash()) !== file.game.id) {
    const { published, replaced } = await publishRuleVersion(database, {
      document: file.document,
      game: file.game,
      source: file.source,
      publishedBy: RULES_FILE_PUBLISHER,
      note: null,
    });
    if (published)
      logger.info({ rulesFile: file.source, version: published.id, hash: published.hash, replaced: replaced?.id ?? null }, 'rules file published as a new rule version');
  }
  const inForce = await reads.get();
  if (!inForce) throw new InternalError('no rule version is in force after the rules file was stored');
  if (inForce.hash !== file.game.id) {
    logger.warn(
      { rulesFile: file.source, fileHash: file.game.id, version: inForce.id, hash: inForce.hash, publishedBy: inForce.publishedBy },
      'the rules file is unchanged since it was last published, and a later version published through publishRules stays in force',
    );
  }
  return { version: inForce.id, game: inForce.hash === file.game.id ? file.game : compileStoredRules(inForce.document, `rule version ${inForce.id}`) };
}
