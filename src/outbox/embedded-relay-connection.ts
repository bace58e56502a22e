import type { Database, Sql } from '../platform/database';
import type { RelayConnection } from './relay-connection';

/** The embedded database is one process and one session: that process always leads. */
export class EmbeddedRelayConnection implements RelayConnection {
  constructor(private readonly database: Database) {}

  query<Row>(sql: Sql, params?: unknown[]): Promise<Row[]> {
    return this.database.query<Row>(sql, params);
  }

  async lead(): Promise<boolean> {
    return true;
  }

  onWake(): void {}

  async reset(): Promise<void> {}

  async close(): Promise<void> {}
}
