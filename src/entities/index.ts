import { ManualAdjustmentEntity, StreakExcuseEntity, TimeZoneChangeEntity, UserStreakEntity } from './health-programme.entities';
import { EventOutcomeMinuteEntity } from './event-outcome-minute.entity';
import { MemberErasureEntity } from './member-erasure.entity';
import { MemberSettingsEntity } from './member-settings.entity';
import { MonthPartitionDropEntity } from './month-partition-drop.entity';
import { OutboxPendingEntity } from './outbox-pending.entity';
import { OutboxEntity } from './outbox.entity';
import { PointsLedgerEntity } from './points-ledger.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import { ProfileEntity } from './profile.entity';
import {
  AchievementEntity,
  BoostEntity,
  LevelEntity,
  PointsRuleEntity,
  QuestEntity,
  RewardEntity,
  RuleVersionEntity,
  RuleVersionInForceEntity,
  StreakEntity,
} from './rule-definitions.entity';
import { RecomputeJobEntity, RecomputeJobErrorEntity } from './recompute-job.entities';
import { RuleUsageEntity } from './rule-usage.entity';
import { StoredEventEntity } from './stored-event.entity';
import { CorrectionEntity } from './correction.entity';
import { UserAchievementEntity } from './user-achievement.entity';
import { UserQuestEntity } from './user-quest.entity';
import { UserRewardEntity } from './user-reward.entity';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { CoinLedgerEntity, RedemptionEntity, RewardStockEntity } from './wallet.entities';

export {
  AchievementEntity,
  LevelEntity,
  MemberErasureEntity,
  MemberSettingsEntity,
  MonthPartitionDropEntity,
  OutboxEntity,
  OutboxPendingEntity,
  PointsLedgerEntity,
  PointsRuleEntity,
  ProcessedEventEntity,
  ProfileEntity,
  QuestEntity,
  RewardEntity,
  RuleVersionEntity,
  RuleVersionInForceEntity,
  RuleUsageEntity,
  UserAchievementEntity,
  UserQuestEntity,
  UserRewardEntity,
  StreakEntity,
  BoostEntity,
  UserStreakEntity,
  StreakExcuseEntity,
  TimeZoneChangeEntity,
  ManualAdjustmentEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  CoinLedgerEntity,
  RedemptionEntity,
  RewardStockEntity,
  StoredEventEntity,
  EventOutcomeMinuteEntity,
  CorrectionEntity,
  RecomputeJobEntity,
  RecomputeJobErrorEntity,
};

export const ENTITIES = [
  RuleVersionEntity,
  RuleVersionInForceEntity,
  PointsRuleEntity,
  AchievementEntity,
  QuestEntity,
  RewardEntity,
  LevelEntity,
  ProfileEntity,
  PointsLedgerEntity,
  UserAchievementEntity,
  UserQuestEntity,
  UserRewardEntity,
  RuleUsageEntity,
  ProcessedEventEntity,
  OutboxEntity,
  OutboxPendingEntity,
  MemberSettingsEntity,
  MemberErasureEntity,
  StreakEntity,
  BoostEntity,
  UserStreakEntity,
  StreakExcuseEntity,
  TimeZoneChangeEntity,
  ManualAdjustmentEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  CoinLedgerEntity,
  RedemptionEntity,
  RewardStockEntity,
  StoredEventEntity,
  EventOutcomeMinuteEntity,
  CorrectionEntity,
  RecomputeJobEntity,
  RecomputeJobErrorEntity,
  MonthPartitionDropEntity,
];
