import type { RulesInForce } from '../engine/gamification-engine';
import { compileGame } from '../engine/rules/compile-game';
import type { CompiledGame } from '../engine/rules/compiled-game';
import { rulesDocumentSchema } from '../engine/rules/rules-document';
import type { EngineSession } from '../engine/store/engine-store';

/** A rule version and its compiled game. */
export interface CompiledVersion {
  version: number;
  game: CompiledGame;
}

/**
 * The rules in force in this process, switched at a version boundary: each transaction asks the
 * store which version is in force (one statement, holding it in force until the transaction ends)
 * and gets the document only when the version changed, which it compiles once for the process.
 */
export class VersionedRules implements RulesInForce {
  private inForce: CompiledVersion;

  constructor(
    initial: CompiledVersion,
    private readonly onSwitch: (switched: CompiledVersion) => void = () => {},
  ) {
    this.inForce = initial;
  }

  readonly current = (): CompiledGame => this.inForce.game;

  get version(): number {
    return this.inForce.version;
  }

  async forTransaction(session: EngineSession): Promise<CompiledGame> {
    const known = this.inForce;
    const found = await session.ruleVersionInForce(known.version);
    if (found.id === known.version) return known.game;
    const switched = { version: found.id, game: compileStoredRules(found.document, `rule version ${found.id}`) };
    this.switchTo(switched);
    return switched.game;
  }

  /** Takes up a version this process just published (compiled already), so that its reads show it at once. */
  adopt(published: CompiledVersion): void {
    this.switchTo(published);
  }

  /** Concurrent transactions may race here; versions only grow, so the newest one wins. */
  private switchTo(candidate: CompiledVersion): void {
    if (candidate.version <= this.inForce.version) return;
    this.inForce = candidate;
    this.onSwitch(candidate);
  }
}

/** Compiles a stored (so already validated) rules document; `source` names it in a problem's message. */
export function compileStoredRules(document: unknown, source: string): CompiledGame {
  return compileGame(rulesDocumentSchema.parse(document), source);
}
