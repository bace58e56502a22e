import type { SqlExecutor } from '../platform/database';

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
