import { InitialSchema1764150000000 } from './1764150000000-initial-schema';
import { OutboxPendingQueue1764200000000 } from './1764200000000-outbox-pending-queue';
import { MemberSettings1796069742698 } from './1796069742698-member-settings';
import { MemberErasures1796070355659 } from './1796070355659-member-erasures';
import { HealthProgrammes1796075912658 } from './1796075912658-health-programmes';
import { Webhooks1796069653230 } from './1796069653230-webhooks';
import { ConsoleStatsIndexes1796080000000 } from './1796080000000-console-stats-indexes';
import { Wallet1796082996617 } from './1796082996617-wallet';
import { ProcessedEventContentHash1796090000000 } from './1796090000000-processed-event-content-hash';
import { EventStore1796093417000 } from './1796093417000-event-store';
import { RuleVersions1796093417529 } from './1796093417529-rule-versions';
import { EventOutcomeMinutes1796094500000 } from './1796094500000-event-outcome-minutes';
import { Corrections1796094817000 } from './1796094817000-corrections';
import { EventHolds1796094818000 } from './1796094818000-event-holds';
import { RecomputeJobs1796095417871 } from './1796095417871-recompute-jobs';
import { MonthPartitions1796096000000 } from './1796096000000-month-partitions';
import { RecomputeJobLanes1796099000000 } from './1796099000000-recompute-job-lanes';
import { UnstoredEvents1796100000000 } from './1796100000000-unstored-events';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  InitialSchema1764150000000,
  OutboxPendingQueue1764200000000,
  Webhooks1796069653230,
  MemberSettings1796069742698,
  MemberErasures1796070355659,
  HealthProgrammes1796075912658,
  ConsoleStatsIndexes1796080000000,
  Wallet1796082996617,
  ProcessedEventContentHash1796090000000,
  EventStore1796093417000,
  RuleVersions1796093417529,
  EventOutcomeMinutes1796094500000,
  Corrections1796094817000,
  EventHolds1796094818000,
  RecomputeJobs1796095417871,
  MonthPartitions1796096000000,
  RecomputeJobLanes1796099000000,
  UnstoredEvents1796100000000,
];
