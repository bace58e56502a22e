import { Client } from 'pg';
import type { Logger } from '../platform/logger';
import { WEBHOOK_CHANNEL } from './webhook-store';

/** The session advisory lock that makes one process the webhook dispatcher. */
export const WEBHOOK_DISPATCH_LOCK_KEY = 4_000_000_016;

/** Whether this process dispatches webhooks; only one in the deployment does at a time. */
export interface DispatchLeadership {
  /** True while this process leads; takes the lead when it is free. */
  lead(): Promise<boolean>;
  /** `listener` runs when deliveries were queued in another process, or the lead was lost. */
  onWake(listener: () => void): void;
  close(): Promise<void>;
}

/** The embedded database is one process: it always leads. */
export class EmbeddedDispatchLeadership implements DispatchLeadership {
  async lead(): Promise<boolean> {
    return true;
  }

  onWake(): void {}

  async close(): Promise<void> {}
}

/**
 * Leadership through a PostgreSQL session advisory lock held on a dedicated connection, which
 * also LISTENs for the sink's announcements. When the leader's connection dies, PostgreSQL
 * releases the lock and a standby's next `lead()` takes it; a loss is noticed at once here.
 */
export class PostgresDispatchLeadership implements DispatchLeadership {
  private client: Client | undefined;
  private leading = false;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async lead(): Promise<boolean> {
    if (this.leading) return true;
    const client = this.client ?? (await this.connect());
    const [row] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [WEBHOOK_DISPATCH_LOCK_KEY])).rows;
    if (!row.locked) return false;
    await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    this.leading = true;
    this.logger.info('webhook dispatcher leading');
    return true;
  }

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leading = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.url, application_name: 'gamification-webhooks', keepAlive: true, query_timeout: 30_000 });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.logger.warn({ errorMessage: error.message, errorCategory: 'DATABASE', leading: this.leading }, 'webhook dispatcher connection lost');
      this.client = undefined;
      this.leading = false;
      void client.end().catch(() => undefined);
      this.wake();
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
  }
}
