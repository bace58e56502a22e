import { InitialSchema1764150000000 } from './1764150000000-initial-schema';
import { OutboxPendingQueue1764200000000 } from './1764200000000-outbox-pending-queue';
import { HealthProgrammes1796070018703 } from './1796070018703-health-programmes';

/** Every migration, oldest first. */
export const MIGRATIONS = [InitialSchema1764150000000, OutboxPendingQueue1764200000000, HealthProgrammes1796070018703];
