import type { Database, Sql, SqlExecutor } from '../platform/database';
import type { Logger } from '../platform/logger';
import { PostgresRelayConnection } from './postgres-relay-connection';

/**
 * Where the outbox relay runs its SQL, and whether it may relay at all: only one relay in the
 * whole deployment relays at a time (the leader); the others stand by.
 */
export interface RelayConnection extends SqlExecutor {
  /** True while this relay leads; takes the lead when it is free. */
  lead(): Promise<boolean>;
  /** `listener` runs when a commit with notifications is announced (NOTIFY) or the connection is lost. */
  onWake(listener: () => void): void;
  /** Drops the connection (and the lead with it); `lead()` reconnects. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded database is one process and one session: that process always leads. */
class EmbeddedRelayConnection implements RelayConnection {
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

export function createRelayConnection(database: Database, databaseUrl: string | undefined, logger: Logger): RelayConnection {
  return databaseUrl === undefined ? new EmbeddedRelayConnection(database) : new PostgresRelayConnection(databaseUrl, logger);
}
