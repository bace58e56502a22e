import type DataLoader from 'dataloader';
import type { MemberAdjustments } from '../engine/adjustments/member-adjustments';
import type { EventInput, GameSource, ProcessOutcome } from '../engine/gamification-engine';
import type { LeaderboardReader } from '../leaderboards/leaderboard';
import type { MemberReads, ProfileView } from '../engine/read/member-reads';
import type { RuleVersionReads } from '../rule-versions/rule-version-store';
import type { RulesPublisher } from '../rule-versions/rules-publisher';
import type { MemberServices } from '../app/members-setup';
import type { Viewer } from '../platform/auth/viewer';
import type { NotificationFeed } from '../realtime/notification-feed';
import type { GameActivityFeed } from '../realtime/game-activity';
import type { GameStats } from '../stats/game-stats';
import type { DeadLetterDesk } from '../dead-letters/dead-letter-desk';
import type { OutboxHistory } from '../outbox/outbox-history';
import type { WebhookAdmin } from '../webhooks/webhook-admin';
import type { Wallet } from '../wallet/wallet';
import type { WalletReads } from '../wallet/wallet-reads';
import type { CorrectionReads } from '../corrections/correction-reads';
import type { EventRetraction } from '../corrections/event-retraction';
import type { EventReview } from '../corrections/event-review';

/** What resolvers may use; built once per process by the composition root. */
export interface AppServices {
  /** The engine behind group commit: one call, one event, batched with its neighbours. */
  recordEvent(input: EventInput): Promise<ProcessOutcome>;
  reads: MemberReads;
  adjustments: MemberAdjustments;
  leaderboards: LeaderboardReader;
  members: MemberServices;
  /** Rule versions: reading them, and publishing new ones. */
  rules: { versions: RuleVersionReads; publisher: RulesPublisher };
  game: GameSource;
  /** Live subscriptions on this node, and the committed history for catch-up. */
  notifications: { live: Pick<NotificationFeed, 'subscribe'>; history: Pick<OutboxHistory, 'since'>; activity: Pick<GameActivityFeed, 'subscribe'> };
  /** The admin console's overview. */
  stats: GameStats;
  /** Listing and re-processing dead letters; absent without Kafka (KAFKA_BROKERS). */
  deadLetters?: DeadLetterDesk;
  webhooks: WebhookAdmin;
  /** Coins: redeeming and cancelling (one transaction each, under the member's lock), and reads. */
  wallet: { spending: Wallet; reads: WalletReads };
  /** Retracting events (a member's recompute without them), reviewing held ones, reading corrections. */
  corrections: { retraction: EventRetraction; review: EventReview; reads: CorrectionReads };
}

export interface RequestLoaders {
  profiles: DataLoader<string, ProfileView | null>;
}

export interface GraphQLContext {
  viewer: Viewer;
  services: AppServices;
  loaders: RequestLoaders;
}
