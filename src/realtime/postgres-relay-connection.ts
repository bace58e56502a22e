import { Client } from 'pg';
import { OUTBOX_CHANNEL } from '../engine/store/postgres-engine-store';
import { pgQuery, type Sql } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { RelayConnection } from './relay-connection';

/**
 * The session advisory lock that makes one relay the leader. Other components that must not
 * run while the relay relays (e.g. a leaderboard rebuild) can take the same lock.
 */
export const OUTBOX_RELAY_LOCK_KEY = 4_000_000_004;

/**
 * Leadership through a PostgreSQL session advisory lock held on a dedicated connection, which
 * also LISTENs for the engine's commit NOTIFYs and runs the relay's SQL, so a relay only ever
 * works while it holds the lock. When the leader's connection dies, PostgreSQL releases the lock
 * and a standby's next `lead()` takes it.
 */
export class PostgresRelayConnection implements RelayConnection {
  private client: Client | undefined;
  private leading = false;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async query<Row>(sql: Sql, params: unknown[] = []): Promise<Row[]> {
    if (!this.client) throw new Error('the outbox relay connection is closed');
    return (await this.client.query(pgQuery(sql, params))).rows as Row[];
  }

  async lead(): Promise<boolean> {
    if (this.leading) return true;
    const client = this.client ?? (await this.connect());
    const [row] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [OUTBOX_RELAY_LOCK_KEY])).rows;
    if (!row.locked) return false;
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.leading = true;
    this.logger.info('outbox relay leading');
    return true;
  }

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  async reset(): Promise<void> {
    const client = this.client;
    this.forget();
    await client?.end().catch(() => undefined);
  }

  close(): Promise<void> {
    return this.reset();
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      application_name: 'gamification-outbox-relay',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 30_000,
    });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.logger.warn({ errorMessage: error.message, errorCategory: 'DATABASE', leading: this.leading }, 'outbox relay connection lost');
      this.forget();
      void client.end().catch(() => undefined);
      this.wake();
    });
    try {
      await client.connect();
      // Marking rows published need not wait for the WAL flush: a crash that loses a mark only re-delivers (at least once anyway).
      await client.query('SET synchronous_commit TO off');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private forget(): void {
    this.client = undefined;
    this.leading = false;
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
  }
}
