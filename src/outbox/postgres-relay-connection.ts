import { OUTBOX_CHANNEL } from '../engine/store/postgres-engine-store';
import { AdvisoryLockLeadership } from '../platform/advisory-lock-leadership';
import { pgQuery, type Sql } from '../platform/database';
import type { Logger } from '../platform/logger';
import type { RelayConnection } from './relay-connection';

/**
 * The session advisory lock that makes one relay the leader. Other components that must not
 * run while the relay relays (e.g. a leaderboard rebuild) can take the same lock.
 */
export const OUTBOX_RELAY_LOCK_KEY = 4_000_000_004;

/**
 * The relay's leadership connection also LISTENs for the engine's commit NOTIFYs and runs the
 * relay's SQL, so a relay only ever works while it holds the lock.
 */
export class PostgresRelayConnection implements RelayConnection {
  private readonly leadership: AdvisoryLockLeadership;

  constructor(url: string, logger: Logger) {
    this.leadership = new AdvisoryLockLeadership({
      url,
      lockKey: OUTBOX_RELAY_LOCK_KEY,
      channel: OUTBOX_CHANNEL,
      role: 'outbox relay',
      // Marking rows published need not wait for the WAL flush: a crash that loses a mark only re-delivers (at least once anyway).
      // The take's id arrays are planned for their actual contents: a generic plan of it costs tens of ms once the queue holds thousands.
      sessionSettings: ['SET synchronous_commit TO off', 'SET plan_cache_mode TO force_custom_plan'],
      logger,
    });
  }

  async query<Row>(sql: Sql, params: unknown[] = []): Promise<Row[]> {
    const client = this.leadership.connection;
    if (!client) throw new Error('the outbox relay connection is closed');
    return (await client.query(pgQuery(sql, params))).rows as Row[];
  }

  lead(): Promise<boolean> {
    return this.leadership.lead();
  }

  onWake(listener: () => void): void {
    this.leadership.onWake(listener);
  }

  reset(): Promise<void> {
    return this.leadership.close();
  }

  close(): Promise<void> {
    return this.leadership.close();
  }
}
