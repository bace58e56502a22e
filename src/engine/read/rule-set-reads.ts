import type { SqlExecutor } from '../../platform/database';
import { InternalError } from '../../errors';
import type { GameSource } from '../gamification-engine';

export interface RuleSetView {
  id: string;
  source: string;
  loadedAt: Date;
  document: Record<string, unknown>;
}

/** The stored copy of the rules in force. */
export class RuleSetReads {
  constructor(
    private readonly database: SqlExecutor,
    private readonly game: GameSource,
  ) {}

  async current(): Promise<RuleSetView> {
    const id = this.game().id;
    const [row] = await this.database.query<{ id: string; source: string; loaded_at: Date; document: Record<string, unknown> }>(
      'SELECT id, source, loaded_at, document FROM rule_sets WHERE id = $1',
      [id],
    );
    if (!row) throw new InternalError(`rule set ${id} is in force but not stored`);
    return { id: row.id, source: row.source, loadedAt: new Date(row.loaded_at), document: row.document };
  }
}
