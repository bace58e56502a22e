import { Client } from 'pg';
import type { Logger } from './logger';

export interface AdvisoryLockLeadershipOptions {
  url: string;
  /** The session advisory lock whose holder leads. */
  lockKey: number;
  /** LISTENed on while leading; a notification wakes the listeners. */
  channel: string;
  /** The connection's application_name, and the role named in log lines. */
  role: string;
  /** Session settings applied once connected (e.g. `SET synchronous_commit TO off`). */
  sessionSettings?: readonly string[];
  logger: Logger;
}

/**
 * Leadership through a PostgreSQL session advisory lock held on a dedicated connection, which
 * also LISTENs on a channel while leading. When the leader's connection dies, PostgreSQL
 * releases the lock and a standby's next `lead()` takes it; a loss is noticed here at once and
 * wakes the listeners, so that they stop leading.
 */
export class AdvisoryLockLeadership {
  private client: Client | undefined;
  private leading = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly options: AdvisoryLockLeadershipOptions) {}

  /** The leader's connection, to run work that must only happen while the lock is held. */
  get connection(): Client | undefined {
    return this.client;
  }

  /** True while this process leads; takes the lead when it is free. */
  async lead(): Promise<boolean> {
    if (this.leading) return true;
    const client = this.client ?? (await this.connect());
    const [row] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [this.options.lockKey])).rows;
    if (!row.locked) return false;
    await client.query(`LISTEN ${this.options.channel}`);
    this.leading = true;
    this.options.logger.info(`${this.options.role} leading`);
    return true;
  }

  /** `listener` runs on every notification of the channel, and when the lead was lost. */
  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Drops the connection (and with it the lock); the next `lead()` connects again. */
  async close(): Promise<void> {
    const client = this.client;
    this.forget();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const { url, role, logger, sessionSettings = [] } = this.options;
    const client = new Client({
      connectionString: url,
      application_name: `gamification-${role.replaceAll(' ', '-')}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: 30_000,
    });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      if (this.client !== client) return;
      logger.warn({ errorMessage: error.message, errorCategory: 'DATABASE', leading: this.leading }, `${role} connection lost`);
      this.forget();
      void client.end().catch(() => undefined);
      this.wake();
    });
    try {
      await client.connect();
      for (const setting of sessionSettings) await client.query(setting);
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
