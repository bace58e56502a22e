import { AdvisoryLockLeadership } from '../platform/advisory-lock-leadership';
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

/** The dispatcher's leadership connection LISTENs for the sink's announcements of queued deliveries. */
export class PostgresDispatchLeadership extends AdvisoryLockLeadership implements DispatchLeadership {
  constructor(url: string, logger: Logger) {
    super({ url, lockKey: WEBHOOK_DISPATCH_LOCK_KEY, channel: WEBHOOK_CHANNEL, role: 'webhook dispatcher', logger });
  }
}
