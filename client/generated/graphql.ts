export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** An achievement of the game, as the rules file defines it. */
export type Achievement = {
  __typename?: 'Achievement';
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  /** Bonus points on unlock. */
  points: Scalars['Int']['output'];
  title: Scalars['String']['output'];
};

/** How many members an achievement key concerns. */
export type AchievementKeyCount = {
  __typename?: 'AchievementKeyCount';
  key: Scalars['String']['output'];
  members: Scalars['Int']['output'];
};

/** An achievement (or a tier of it) a correction took back. */
export type AchievementRevoked = NotificationFields & {
  __typename?: 'AchievementRevoked';
  achievement: RevokedAchievementRef;
  correctionId: Scalars['ID']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  revokedAt: Scalars['DateTime']['output'];
  userId: Scalars['ID']['output'];
};

export type AchievementUnlockCount = {
  __typename?: 'AchievementUnlockCount';
  key: Scalars['String']['output'];
  title: Scalars['String']['output'];
  unlocked: Scalars['Int']['output'];
};

/** An achievement an event unlocked. */
export type AchievementUnlocked = NotificationFields & {
  __typename?: 'AchievementUnlocked';
  achievement: Achievement;
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  /** The tier reached, for a tiered achievement (each tier is its own unlock). */
  tier: Maybe<Scalars['String']['output']>;
  /** The unlocking event’s time. */
  unlockedAt: Scalars['DateTime']['output'];
  userId: Scalars['ID']['output'];
};

/** Points to add, or (negative) to deduct, by hand. */
export type AwardPointsInput = {
  /** The same key twice awards once and returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Positive to award, negative to deduct; a total never goes below 0. */
  points: Scalars['Int']['input'];
  /** Why (kept with the award). */
  reason: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};

export type CancelRedemptionInput = {
  /** Why (kept with the redemption). */
  reason: Scalars['String']['input'];
  redemptionId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};

/** A reward bought with coins. */
export type CatalogueItem = {
  __typename?: 'CatalogueItem';
  /** Inside its availability window now. */
  available: Scalars['Boolean']['output'];
  availableFrom: Maybe<Scalars['DateTime']['output']>;
  /** Exclusive. */
  availableUntil: Maybe<Scalars['DateTime']['output']>;
  /** Price in coins. */
  cost: Scalars['Int']['output'];
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  /** How many one member may hold; null: no limit. */
  perMember: Maybe<Scalars['Int']['output']>;
  /** Items left; null: unlimited. */
  stockLeft: Maybe<Scalars['Int']['output']>;
  title: Scalars['String']['output'];
};

/** One line of the coins ledger. */
export type CoinMovement = {
  __typename?: 'CoinMovement';
  /** Signed: earned and refunded coins are positive, redeemed and expired negative. */
  amount: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The event (or redemption:<key>, redemption-cancelled:<id>, coin-expiry:<time>) that moved them. */
  eventId: Scalars['ID']['output'];
  reason: CoinMovementReason;
  /** The rule id, achievement (:tier), quest, streak:length, reward key. */
  sourceKey: Scalars['String']['output'];
  /** rule, achievement, quest or streak (EARNED); reward (REDEEMED, REFUNDED); expiry (EXPIRED); correction (CORRECTED: coins a correction clawed back or gave, sourceKey its id). */
  sourceType: Scalars['String']['output'];
};

/** Why coins moved. */
export type CoinMovementReason =
  | 'CORRECTED'
  | 'EARNED'
  | 'EXPIRED'
  | 'REDEEMED'
  | 'REFUNDED';

/** A quest an event completed. */
export type CompletedQuest = {
  __typename?: 'CompletedQuest';
  key: Scalars['String']['output'];
  points: Scalars['Int']['output'];
  title: Scalars['String']['output'];
};

/** A correction of a member’s history: an event retracted, and the member recomputed without it. */
export type Correction = {
  __typename?: 'Correction';
  achievementsGained: Array<Scalars['String']['output']>;
  achievementsRevoked: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** The event retracted. */
  eventId: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  level: Scalars['Int']['output'];
  /** Points gained (positive) or lost (negative). */
  pointsDelta: Scalars['Int']['output'];
  /** Who asked: role:subject, or rules for a rules-driven retraction. */
  principal: Scalars['String']['output'];
  questsRevoked: Array<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  rewardsRevoked: Array<Scalars['String']['output']>;
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** A correction applied to the member (correctionApplied, and the notifications catch-up). */
export type CorrectionApplied = NotificationFields & {
  __typename?: 'CorrectionApplied';
  correction: Correction;
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
};

export type CreateWebhookInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** health, care, plan, user; leave out for every journey. */
  journeys?: InputMaybe<Array<Scalars['String']['input']>>;
  kinds: Array<NotificationKind>;
  /** https:// (plain http only for the hosts in WEBHOOK_ALLOW_HTTP_HOSTS); never link-local or metadata addresses. */
  url: Scalars['String']['input'];
};

/** A pending dead letter: why it failed, how often it was tried, where it came from, and the event. */
export type DeadLetter = {
  __typename?: 'DeadLetter';
  /** Pass as `after` to read on from this letter. */
  cursor: Scalars['String']['output'];
  /** When it was dead-lettered. */
  deadLetteredAt: Maybe<Scalars['DateTime']['output']>;
  /** VALIDATION, TRANSIENT...; null when the message is not a dead letter at all. */
  errorCategory: Maybe<Scalars['String']['output']>;
  errorMessage: Scalars['String']['output'];
  /** Its offset in the dead-letter topic (a decimal string). */
  offset: Scalars['String']['output'];
  /** Size of the original message when it was not JSON. */
  originalBytes: Maybe<Scalars['Int']['output']>;
  /** The event as sent, when it was JSON. */
  originalEvent: Maybe<Scalars['JSON']['output']>;
  partition: Scalars['Int']['output'];
  retryCount: Maybe<Scalars['Int']['output']>;
  /** Where the event was first read from: topic[partition]@offset. */
  source: Maybe<Scalars['String']['output']>;
  topic: Scalars['String']['output'];
};

export type DeadLetterPage = {
  __typename?: 'DeadLetterPage';
  /** False when no Kafka is configured (KAFKA_BROKERS): nothing is dead-lettered then. */
  kafka: Scalars['Boolean']['output'];
  /** Pending letters, oldest first, at most `limit` per topic. */
  letters: Array<DeadLetter>;
  topics: Array<DeadLetterTopicCount>;
};

export type DeadLetterRef = {
  offset: Scalars['String']['input'];
  partition: Scalars['Int']['input'];
  topic: Scalars['String']['input'];
};

/** Messages of one dead-letter topic. */
export type DeadLetterTopicCount = {
  __typename?: 'DeadLetterTopicCount';
  /** Still held by the broker. */
  held: Scalars['Int']['output'];
  /** Not yet re-processed. */
  pending: Scalars['Int']['output'];
  topic: Scalars['String']['output'];
};

export type EraseMemberInput = {
  /** Retrying with the same key returns the first record. */
  idempotencyKey: Scalars['String']['input'];
  /** Why (kept in the erasure record; do not write personal data here). */
  reason: Scalars['String']['input'];
  /** The member to erase. */
  userId: Scalars['String']['input'];
};

/** What recording one event changed. */
export type EventResult = {
  __typename?: 'EventResult';
  /** Coins the event credited to the wallet (spendable; apart from points). */
  coinsAwarded: Scalars['Int']['output'];
  /** Quests completed (a Quest summary: key, title, points). */
  completedQuests: Array<CompletedQuest>;
  /** True when this id was processed before: the first result, nothing changed. */
  duplicate: Scalars['Boolean']['output'];
  eventId: Scalars['ID']['output'];
  /** True when a plausibility hold (rules file `holds:`) kept the event for review: it awarded nothing until an admin releases it. */
  held: Scalars['Boolean']['output'];
  level: Scalars['Int']['output'];
  /** Every point the event earned, unlock and completion bonuses included. */
  pointsAwarded: Scalars['Int']['output'];
  rewardsGranted: Array<Reward>;
  totalPoints: Scalars['Int']['output'];
  unlockedAchievements: Array<Achievement>;
};

/** Coins that will expire, by day. */
export type ExpiringCoins = {
  __typename?: 'ExpiringCoins';
  amount: Scalars['Int']['output'];
  /** When the earliest of them expire. */
  expiresAt: Scalars['DateTime']['output'];
};

/** Something that happened to a member, as it committed (admin live feed). */
export type GameActivity = {
  __typename?: 'GameActivity';
  at: Scalars['DateTime']['output'];
  eventId: Scalars['String']['output'];
  /** POINTS_AWARDED, ACHIEVEMENT_UNLOCKED, QUEST_COMPLETED, LEVEL_UP, STREAK_... */
  kind: Scalars['String']['output'];
  notificationId: Scalars['ID']['output'];
  /** Notifications left out just before this one, because they came faster than the feed’s rate. */
  skippedBefore: Scalars['Int']['output'];
  /** One line a person reads, e.g. "+10 points (STEPS_RECORDED)". */
  summary: Scalars['String']['output'];
  userId: Scalars['ID']['output'];
};

/** A member's game profile. */
export type GameProfile = {
  __typename?: 'GameProfile';
  createdAt: Scalars['DateTime']['output'];
  level: Scalars['Int']['output'];
  /** Points at which the next level starts; null at the top level. */
  nextLevelAt: Maybe<Scalars['Int']['output']>;
  /** The member's IANA time zone for calendar days and weeks; null: the deployment's TIMEZONE. */
  timeZone: Maybe<Scalars['String']['output']>;
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** A rule version with its document (admin only). */
export type GameRules = {
  __typename?: 'GameRules';
  /** levels, rules, achievements, quests and rewards, as in the file. */
  document: Scalars['JSON']['output'];
  /** Content hash of the rules document (as version.hash). */
  id: Scalars['String']['output'];
  /** When this version was published. */
  loadedAt: Scalars['DateTime']['output'];
  /** The file it was loaded from, or `publishRules`. */
  source: Scalars['String']['output'];
  version: RuleVersion;
  /** The same document as YAML, as a rules file would hold it. */
  yaml: Scalars['String']['output'];
};

/** The admin overview, read from the database (the same on every API node). */
export type GameStats = {
  __typename?: 'GameStats';
  /** Per dead-letter topic; null when no Kafka is configured. */
  deadLetters: Maybe<Array<DeadLetterTopicCount>>;
  outcomes: StatsOutcomes;
  /** Oldest first; minutes without events are left out. */
  perMinute: Array<MinuteJourneyCount>;
  rulesVersion: RulesVersion;
  /** The 10 achievements unlocked most since midnight (TIMEZONE). */
  topAchievementsToday: Array<AchievementUnlockCount>;
  windowMinutes: Scalars['Int']['output'];
};

/** An achievement to grant by hand. */
export type GrantAchievementInput = {
  idempotencyKey: Scalars['String']['input'];
  /** The achievement key. */
  key: Scalars['String']['input'];
  reason: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};

/** An event a plausibility hold (rules file `holds:`) kept for review: it awards nothing until released. */
export type HeldEvent = {
  __typename?: 'HeldEvent';
  /** Pass as `after` for the next page. */
  cursor: Scalars['String']['output'];
  /** The payload as accepted. */
  data: Scalars['JSON']['output'];
  eventId: Scalars['ID']['output'];
  heldAt: Scalars['DateTime']['output'];
  /** The hold that kept it. */
  holdKey: Scalars['String']['output'];
  journey: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  reason: Scalars['String']['output'];
  type: Scalars['String']['output'];
  userId: Scalars['ID']['output'];
};

/** Ties rank by who reached the score first (event time of the latest award), then userId. */
export type Leaderboard = {
  __typename?: 'Leaderboard';
  entries: Array<LeaderboardEntry>;
  /** null for the overall board */
  journey: Maybe<Scalars['String']['output']>;
  period: LeaderboardPeriod;
  /** The period shown: all, 2026-11-26, 2026-W48 or 2026-11. */
  periodKey: Scalars['String']['output'];
};

export type LeaderboardEntry = {
  __typename?: 'LeaderboardEntry';
  /** The member's level (batched across the page). */
  level: Maybe<Scalars['Int']['output']>;
  points: Scalars['Int']['output'];
  rank: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** Calendar period of a board, in the configured TIMEZONE. */
export type LeaderboardPeriod =
  | 'ALL_TIME'
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

/** PUBLIC: listed on public boards under the display name; HIDDEN: not listed to others (ranks close up), still sees its own standing. */
export type LeaderboardVisibility =
  | 'HIDDEN'
  | 'PUBLIC';

/** A member reached a new level. */
export type LevelUp = NotificationFields & {
  __typename?: 'LevelUp';
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  level: Scalars['Int']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  previousLevel: Scalars['Int']['output'];
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** A manual award or deduction. */
export type ManualAward = {
  __typename?: 'ManualAward';
  /** True when this idempotency key was used before (nothing changed). */
  duplicate: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  level: Scalars['Int']['output'];
  /** What the total moved by: a deduction larger than the balance stops at 0. */
  pointsApplied: Scalars['Int']['output'];
  pointsRequested: Scalars['Int']['output'];
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** The record of an erasure. It keeps a keyed hash of the member id, never the id. */
export type MemberErasureRecord = {
  __typename?: 'MemberErasureRecord';
  /** True when the member had already been erased. */
  alreadyErased: Scalars['Boolean']['output'];
  erasedAt: Scalars['DateTime']['output'];
  erasedBy: Scalars['String']['output'];
  reason: Scalars['String']['output'];
  /** Redis keys changed by this call (boards, counters, names). */
  redisKeysChanged: Scalars['Int']['output'];
  /** Rows deleted per table, e.g. { "points_ledger": 12 }. */
  rowsDeleted: Scalars['JSON']['output'];
};

/** What a member shows others. */
export type MemberSettings = {
  __typename?: 'MemberSettings';
  /** The name the member chose; null when showing the pseudonym. */
  chosenDisplayName: Maybe<Scalars['String']['output']>;
  /** What public boards show: the chosen name, else the pseudonym. */
  displayName: Scalars['String']['output'];
  leaderboardVisibility: LeaderboardVisibility;
};

/** Events committed in one minute through one journey (`manual`: awards and grants by hand). */
export type MinuteJourneyCount = {
  __typename?: 'MinuteJourneyCount';
  events: Scalars['Int']['output'];
  journey: Scalars['String']['output'];
  minute: Scalars['DateTime']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Awards (or, negative, deducts) points by hand (admin or service). Idempotent by key. */
  awardPoints: ManualAward;
  /** Cancels a redemption: refunds its coins and restocks the item (admin or service). Idempotent. */
  cancelRedemption: Redemption;
  /** Registers an endpoint; the answer carries its signing secret, shown this once (admin). */
  createWebhook: Webhook;
  /** Deletes the endpoint and its deliveries (admin). */
  deleteWebhook: Scalars['Boolean']['output'];
  /** Stops queuing and sending to the endpoint; updateWebhook with enabled: true resumes (admin). */
  disableWebhook: Webhook;
  /** Erases the member from PostgreSQL and Redis and ends their subscriptions; later events for them are dropped. Idempotent. Admin only. */
  eraseMember: MemberErasureRecord;
  /** Excuses calendar days of a member’s streak, backdated up to 60 days (admin): they neither extend nor break it. */
  excuseStreak: UserStreak;
  /** Grants an achievement by hand (admin or service). Idempotent by key. */
  grantAchievement: UserAchievement;
  /** Checks a rules document and compares it with the version in force; unless dryRun (the default), puts it in force for events from then on, in every process at once (admin). Problems come back as errors, changing nothing. */
  publishRules: RulesPublication;
  /** Record what a member did; returns what it changed. Idempotent per event id. */
  recordEvent: EventResult;
  /** Spends coins on a catalogue reward (the member itself or a service). Idempotent by key. Refusals: INSUFFICIENT_COINS, OUT_OF_STOCK, LIMIT_REACHED, NOT_AVAILABLE. */
  redeemReward: Redemption;
  /** Queues finished deliveries again: the ones named, or every one queued since a time. Returns how many (admin). */
  redeliverWebhook: Scalars['Int']['output'];
  /** Runs pending dead letters through the engine again (admin), or dry-runs that: the same as `npm run dlq reprocess`. */
  reprocessDeadLetters: ReprocessSummary;
  /** Takes an event back (admin or service): it stays stored, marked retracted, and its member is recomputed without it. Idempotent by key; retracting an event again returns its first correction. */
  retractEvent: Correction;
  /** Releases a held event (it counts as if it had arrived in order; its member hears what it earned) or rejects it (kept, no effect). Admin. */
  reviewEvent: EventResult;
  /** A new signing secret, shown this once; the previous one keeps signing too for graceSeconds (admin). */
  rotateWebhookSecret: Webhook;
  /** The name public boards show (3-32 letters, digits, spaces, . - _ '; no long numbers or blocked words); null goes back to the generated pseudonym. */
  setDisplayName: MemberSettings;
  /** HIDDEN: not listed on public boards (ranks close up); the member still sees its own standing. */
  setLeaderboardVisibility: MemberSettings;
  /** Sets the member's IANA time zone for events processed from now on (the member, a service or an admin). */
  setTimeZone: GameProfile;
  /** Changes the fields given (admin). */
  updateWebhook: Webhook;
};


export type MutationAwardPointsArgs = {
  input: AwardPointsInput;
};


export type MutationCancelRedemptionArgs = {
  input: CancelRedemptionInput;
};


export type MutationCreateWebhookArgs = {
  input: CreateWebhookInput;
};


export type MutationDeleteWebhookArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisableWebhookArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEraseMemberArgs = {
  input: EraseMemberInput;
};


export type MutationExcuseStreakArgs = {
  from: Scalars['String']['input'];
  reason: Scalars['String']['input'];
  streakKey: Scalars['String']['input'];
  to: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationGrantAchievementArgs = {
  input: GrantAchievementInput;
};


export type MutationPublishRulesArgs = {
  input: PublishRulesInput;
};


export type MutationRecordEventArgs = {
  event: RecordEventInput;
};


export type MutationRedeemRewardArgs = {
  input: RedeemRewardInput;
};


export type MutationRedeliverWebhookArgs = {
  deliveryIds: InputMaybe<Array<Scalars['ID']['input']>>;
  since: InputMaybe<Scalars['DateTime']['input']>;
  webhookId: Scalars['ID']['input'];
};


export type MutationReprocessDeadLettersArgs = {
  input: ReprocessDeadLettersInput;
};


export type MutationRetractEventArgs = {
  input: RetractEventInput;
};


export type MutationReviewEventArgs = {
  input: ReviewEventInput;
};


export type MutationRotateWebhookSecretArgs = {
  graceSeconds?: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationSetDisplayNameArgs = {
  displayName: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['ID']['input'];
};


export type MutationSetLeaderboardVisibilityArgs = {
  userId: Scalars['ID']['input'];
  visibility: LeaderboardVisibility;
};


export type MutationSetTimeZoneArgs = {
  timeZone: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationUpdateWebhookArgs = {
  id: Scalars['ID']['input'];
  input: UpdateWebhookInput;
};

/** A committed notification, as the catch-up query returns it. */
export type Notification = {
  __typename?: 'Notification';
  /** When its transaction wrote it. */
  createdAt: Scalars['DateTime']['output'];
  eventId: Scalars['ID']['output'];
  /** Outbox id; pass the last one seen as `after`. */
  id: Scalars['ID']['output'];
  kind: NotificationKind;
  payload: NotificationPayload;
  userId: Scalars['ID']['output'];
};

/** What every notification carries. */
export type NotificationFields = {
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
};

/** What a notification tells a member. */
export type NotificationKind =
  | 'ACHIEVEMENT_REVOKED'
  | 'ACHIEVEMENT_UNLOCKED'
  | 'COINS_EXPIRED'
  | 'COINS_EXPIRING'
  | 'CORRECTION_APPLIED'
  | 'LEVEL_UP'
  | 'POINTS_AWARDED'
  | 'POINTS_REVOKED'
  | 'QUEST_COMPLETED'
  | 'REDEMPTION_CANCELLED'
  | 'REWARD_REDEEMED'
  | 'STREAK_BROKEN'
  | 'STREAK_EXTENDED'
  | 'STREAK_FREEZE_USED';

export type NotificationPayload = AchievementRevoked | AchievementUnlocked | CorrectionApplied | LevelUp | PointsAwarded | PointsRevoked | QuestCompleted | StreakChanged | WalletChanged;

/** Points an event earned, sent once it committed. */
export type PointsAwarded = NotificationFields & {
  __typename?: 'PointsAwarded';
  /** When the engine committed the award. */
  awardedAt: Scalars['DateTime']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  journey: Scalars['String']['output'];
  level: Scalars['Int']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  /** When the event happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** The event's pointsAwarded, bonuses included. */
  points: Scalars['Int']['output'];
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** Members whose points change falls in a range (both ends included; null: unbounded on that side). */
export type PointsDeltaBucket = {
  __typename?: 'PointsDeltaBucket';
  from: Maybe<Scalars['Int']['output']>;
  members: Scalars['Int']['output'];
  to: Maybe<Scalars['Int']['output']>;
};

/** One ledger line: who awarded how many points for which event. */
export type PointsHistoryEntry = {
  __typename?: 'PointsHistoryEntry';
  /** A boosted rule's points before its boosts. */
  basePoints: Maybe<Scalars['Int']['output']>;
  /** Boosts applied to this line (keys). */
  boosts: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  eventId: Scalars['String']['output'];
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  journey: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  points: Scalars['Int']['output'];
  /** The rule id, achievement key (with :tier), quest key, streak:length, or for manual lines the principal. */
  sourceKey: Scalars['String']['output'];
  /** rule, achievement, quest, streak (a milestone) or manual */
  sourceType: Scalars['String']['output'];
};

/** Points a correction took back from one event (a retraction): the boards move down in that event’s periods. */
export type PointsRevoked = NotificationFields & {
  __typename?: 'PointsRevoked';
  correctionId: Scalars['ID']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  journey: Scalars['String']['output'];
  level: Scalars['Int']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  /** When the event happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** Negative: the points the member lost. */
  points: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
  revokedAt: Scalars['DateTime']['output'];
  totalPoints: Scalars['Int']['output'];
  userId: Scalars['ID']['output'];
};

/** A board as members see it: members who hid themselves are left out and ranks close up. */
export type PublicLeaderboard = {
  __typename?: 'PublicLeaderboard';
  entries: Array<PublicLeaderboardEntry>;
  /** null for the overall board */
  journey: Maybe<Scalars['String']['output']>;
  /** The asking member's own line, even outside the page; null when not ranked or not a member. */
  me: Maybe<PublicLeaderboardEntry>;
  period: LeaderboardPeriod;
  /** The period shown: all, 2026-11-26, 2026-W48 or 2026-11. */
  periodKey: Scalars['String']['output'];
};

/** A line of a public board: a display name, never a member id. */
export type PublicLeaderboardEntry = {
  __typename?: 'PublicLeaderboardEntry';
  /** The name the member chose, else a stable generated pseudonym. */
  displayName: Scalars['String']['output'];
  /** True on the line of the member asking. */
  isMe: Scalars['Boolean']['output'];
  level: Scalars['Int']['output'];
  points: Scalars['Int']['output'];
  /** Rank among the listed members; for a hidden viewer, the rank it would have if listed. */
  rank: Scalars['Int']['output'];
};

/** A rules document to check, compare with the version in force, and publish. */
export type PublishRulesInput = {
  /** The rules document, YAML or JSON (as a rules file). */
  document: Scalars['String']['input'];
  /** Check and compare only; nothing changes (the default). */
  dryRun?: Scalars['Boolean']['input'];
  /** Why, kept with the version. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Whether the backfill (ALL_MEMBERS, not a dry run) notifies members of what it changed. */
  notify?: Scalars['Boolean']['input'];
  recompute?: RulesRecompute;
};

export type Query = {
  __typename?: 'Query';
  /** Every achievement in force, with the member’s progress (hidden ones: to members once unlocked). */
  achievements: Array<UserAchievement>;
  /** The member’s corrections, newest first. The member itself or an admin. */
  corrections: Array<Correction>;
  /** Pending dead letters (admin), oldest first: the same listing as `npm run dlq list`. */
  deadLetters: DeadLetterPage;
  /** Everything held about the member as one JSON document with a schemaVersion (large histories: GET /members/:id/export streams the same document). */
  exportMemberData: Scalars['JSON']['output'];
  /** A rule version with its document: the one in force unless `version` is given (admin). */
  gameRules: GameRules;
  /** Events plausibility holds kept for review, oldest first (admin). */
  heldEvents: Array<HeldEvent>;
  /** Top members overall or per journey, for a calendar period; `around` centres the page on a member. Admin only: it lists other members (a member reads its own standing with myRank). */
  leaderboard: Leaderboard;
  /** What the member shows others: display name and leaderboard visibility. */
  memberSettings: MemberSettings;
  /** A member's rank and points on a board; null when not ranked. */
  myRank: Maybe<LeaderboardEntry>;
  /** Catch-up for a reconnecting app: committed notifications after the cursor `after` (a notificationId), oldest first. */
  notifications: Array<Notification>;
  /** Why the member has their points: ledger lines, newest first. */
  pointsHistory: Array<PointsHistoryEntry>;
  /** null until the member records a first event. */
  profile: Maybe<GameProfile>;
  /** A board as members see it: display names, no member ids, hidden members left out; `me` is the asking member’s own line. */
  publicLeaderboard: PublicLeaderboard;
  /** Every quest in force, with the member’s progress. */
  quests: Array<UserQuest>;
  /** A recompute job's progress and impact (admin). */
  recomputeJob: RecomputeJob;
  /** Rewards bought with coins, in the rules file’s order, with the stock left. Any signed-in caller. */
  rewardCatalogue: Array<CatalogueItem>;
  /** Rewards the member was granted. */
  rewards: Array<UserReward>;
  /** Published rule versions, newest first (admin). */
  ruleVersions: Array<RuleVersion>;
  /** Overview of the last `windowMinutes` (admin), read from the database: the same on every API node. */
  stats: GameStats;
  /** Excused streak periods of the member, newest first: who, when, why. */
  streakExcuses: Array<StreakExcuse>;
  /** The member's named streaks. */
  streaks: Array<UserStreak>;
  /** The member’s coins: balance, what will expire, and (fields) history and redemptions. The member itself or an admin. */
  wallet: Wallet;
  /** An endpoint's deliveries after the cursor `after` (a delivery id), oldest first (admin). */
  webhookDeliveries: Array<WebhookDelivery>;
  /** Registered webhook endpoints (admin). */
  webhooks: Array<Webhook>;
};


export type QueryAchievementsArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryCorrectionsArgs = {
  limit?: Scalars['Int']['input'];
  userId: Scalars['ID']['input'];
};


export type QueryDeadLettersArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  topic: InputMaybe<Scalars['String']['input']>;
};


export type QueryExportMemberDataArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryGameRulesArgs = {
  version: InputMaybe<Scalars['Int']['input']>;
};


export type QueryHeldEventsArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
};


export type QueryLeaderboardArgs = {
  around: InputMaybe<Scalars['ID']['input']>;
  journey: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  period?: LeaderboardPeriod;
};


export type QueryMemberSettingsArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryMyRankArgs = {
  journey: InputMaybe<Scalars['String']['input']>;
  period?: LeaderboardPeriod;
  userId: Scalars['ID']['input'];
};


export type QueryNotificationsArgs = {
  after: InputMaybe<Scalars['ID']['input']>;
  limit?: Scalars['Int']['input'];
  userId: Scalars['ID']['input'];
};


export type QueryPointsHistoryArgs = {
  limit?: Scalars['Int']['input'];
  userId: Scalars['ID']['input'];
};


export type QueryProfileArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryPublicLeaderboardArgs = {
  journey: InputMaybe<Scalars['String']['input']>;
  limit?: Scalars['Int']['input'];
  period?: LeaderboardPeriod;
};


export type QueryQuestsArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryRecomputeJobArgs = {
  id: Scalars['Int']['input'];
};


export type QueryRewardsArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryRuleVersionsArgs = {
  limit?: Scalars['Int']['input'];
};


export type QueryStatsArgs = {
  windowMinutes?: Scalars['Int']['input'];
};


export type QueryStreakExcusesArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryStreaksArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryWalletArgs = {
  userId: Scalars['ID']['input'];
};


export type QueryWebhookDeliveriesArgs = {
  after: InputMaybe<Scalars['ID']['input']>;
  limit?: Scalars['Int']['input'];
  status: InputMaybe<WebhookDeliveryStatus>;
  webhookId: Scalars['ID']['input'];
};

/** A quest: every step done inside its window completes it. */
export type Quest = {
  __typename?: 'Quest';
  description: Maybe<Scalars['String']['output']>;
  endsAt: Maybe<Scalars['DateTime']['output']>;
  key: Scalars['String']['output'];
  /** Bonus points on completion. */
  points: Scalars['Int']['output'];
  startsAt: Maybe<Scalars['DateTime']['output']>;
  steps: Array<QuestStep>;
  title: Scalars['String']['output'];
};

/** A quest an event completed. */
export type QuestCompleted = NotificationFields & {
  __typename?: 'QuestCompleted';
  completedAt: Scalars['DateTime']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  quest: CompletedQuest;
  userId: Scalars['ID']['output'];
};

export type QuestStep = {
  __typename?: 'QuestStep';
  /** Matching events needed. */
  count: Scalars['Int']['output'];
  /** The event type this step counts. */
  event: Scalars['String']['output'];
};

export type QuestStepProgress = {
  __typename?: 'QuestStepProgress';
  count: Scalars['Int']['output'];
  done: Scalars['Int']['output'];
  event: Scalars['String']['output'];
};

/** What recomputing members changes (a dry run: would change), over the members done so far. */
export type RecomputeImpact = {
  __typename?: 'RecomputeImpact';
  achievementsGained: Array<AchievementKeyCount>;
  achievementsLost: Array<AchievementKeyCount>;
  /** Members whose state changes. */
  membersAffected: Scalars['Int']['output'];
  /** The members affected by their points change, in 27 fixed buckets (losses first, 1-2-5 steps each side of a bucket of exactly 0, open-ended beyond ±10,000), empty ones included; null for a job stored before the histogram was counted. */
  pointsDeltaHistogram: Maybe<Array<PointsDeltaBucket>>;
  pointsDeltaMax: Maybe<Scalars['Int']['output']>;
  /** The one member's smallest change (a loss is negative); null before any member is affected. */
  pointsDeltaMin: Maybe<Scalars['Int']['output']>;
  /** Points moved, summed over the members affected. */
  pointsDeltaSum: Scalars['Int']['output'];
};

/** Every member with retained events recomputed under a rule version, in the background (admin only). */
export type RecomputeJob = {
  __typename?: 'RecomputeJob';
  createdAt: Scalars['DateTime']['output'];
  /** Nothing is written: the impact is what a backfill would do. */
  dryRun: Scalars['Boolean']['output'];
  errorCount: Scalars['Int']['output'];
  /** The members it failed on (the first 100). */
  errors: Array<RecomputeJobError>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['Int']['output'];
  impact: RecomputeImpact;
  notify: Scalars['Boolean']['output'];
  /** Members done, including those skipped and failed. */
  processed: Scalars['Int']['output'];
  /** The version recomputed under; null for a dry run. */
  ruleVersion: Maybe<Scalars['Int']['output']>;
  /** Members left as they are: their history cannot be replayed whole (events from before the event store, or purged). */
  skipped: Scalars['Int']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: RecomputeJobStatus;
  /** Members with retained events, counted when the job started. */
  total: Maybe<Scalars['Int']['output']>;
};

/** A member a recompute job could not recompute. */
export type RecomputeJobError = {
  __typename?: 'RecomputeJobError';
  failedAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
  userId: Scalars['String']['output'];
};

export type RecomputeJobStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  /** Stopped: a newer rule version was published before it finished. */
  | 'SUPERSEDED';

/** An event as the app records it. Validated by the event contract. */
export type RecordEventInput = {
  /** The type's payload, e.g. { metricType, value, unit }. */
  data: Scalars['JSON']['input'];
  /** Idempotency key: the same id twice awards once. Generated when absent. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** health | care | plan | user; inferred from the type when absent. */
  journey?: InputMaybe<Scalars['String']['input']>;
  /** Schema version of the payload (semver); the current one when absent. */
  schemaVersion?: InputMaybe<Scalars['String']['input']>;
  /** When it happened; now when absent. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  /** One of the 36 event types, e.g. HEALTH_METRIC_RECORDED. */
  type: Scalars['String']['input'];
  /** The member's UUID. */
  userId: Scalars['ID']['input'];
};

export type RedeemRewardInput = {
  /** Retrying with the same key returns the first redemption (1 to 150 printable characters). */
  idempotencyKey: Scalars['String']['input'];
  /** A catalogue item (a reward with a cost). */
  rewardKey: Scalars['String']['input'];
  userId: Scalars['ID']['input'];
};

/** A catalogue reward as a redemption names it. */
export type RedeemedReward = {
  __typename?: 'RedeemedReward';
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

/** A catalogue reward bought with coins. */
export type Redemption = {
  __typename?: 'Redemption';
  cancelReason: Maybe<Scalars['String']['output']>;
  cancelledAt: Maybe<Scalars['DateTime']['output']>;
  /** Coins it cost. */
  cost: Scalars['Int']['output'];
  /** True when this call repeated an earlier one (same key, or an already cancelled redemption): nothing changed. */
  duplicate: Scalars['Boolean']['output'];
  /** The REWARD_REDEEMED event the engine recorded for it. */
  eventId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** The key the caller gave: repeating it returns this redemption. */
  idempotencyKey: Scalars['String']['output'];
  redeemedAt: Scalars['DateTime']['output'];
  /** As the rules in force describe it (the key alone if the reward left the catalogue). */
  reward: RedeemedReward;
  status: RedemptionStatus;
  userId: Scalars['ID']['output'];
};

export type RedemptionStatus =
  | 'CANCELLED'
  | 'REDEEMED';

export type ReprocessDeadLettersInput = {
  batchSize?: Scalars['Int']['input'];
  /** Only tell which would pass validation now; change nothing. */
  dryRun?: Scalars['Boolean']['input'];
  /** Only these letters; every pending letter of `topics` when absent. */
  letters?: InputMaybe<Array<DeadLetterRef>>;
  /** Dead-letter topics or journeys (default: all). */
  topics?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** What a re-processing run (or its dry run) did. */
export type ReprocessSummary = {
  __typename?: 'ReprocessSummary';
  dryRun: Scalars['Boolean']['output'];
  /** Dead-lettered again; in a dry run: would fail validation. */
  failed: Scalars['Int']['output'];
  processed: Scalars['Int']['output'];
  /** Skipped: their member was erased. */
  skipped: Scalars['Int']['output'];
  /** Committed (or found committed); in a dry run: would pass validation. */
  succeeded: Scalars['Int']['output'];
};

/** An event to take back: its member is recomputed without it. */
export type RetractEventInput = {
  /** The id the event was recorded with. */
  eventId: Scalars['ID']['input'];
  /** The same key twice retracts once and returns the same correction. */
  idempotencyKey: Scalars['String']['input'];
  /** Why (1 to 500 characters), shown to the member in POINTS_REVOKED and ACHIEVEMENT_REVOKED. */
  reason: Scalars['String']['input'];
};

/** An admin’s decision on a held event. */
export type ReviewEventInput = {
  /** true: release it (it counts, placed in its own period); false: reject it (kept, no effect). */
  approve: Scalars['Boolean']['input'];
  eventId: Scalars['ID']['input'];
  /** Why (at most 500 characters); a release’s note is the reason its member reads. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** An achievement as a revocation names it. */
export type RevokedAchievementRef = {
  __typename?: 'RevokedAchievementRef';
  key: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type Reward = {
  __typename?: 'Reward';
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

/** A published rules document (admin only). One version is in force at a time. */
export type RuleVersion = {
  __typename?: 'RuleVersion';
  /** In force now: events are evaluated under it. */
  active: Scalars['Boolean']['output'];
  /** Content hash of the rules document. */
  hash: Scalars['String']['output'];
  /** Version number, growing with each publication. */
  id: Scalars['Int']['output'];
  note: Maybe<Scalars['String']['output']>;
  publishedAt: Scalars['DateTime']['output'];
  /** Who published it: an admin, or `RULES_FILE` for a rules file read at start. */
  publishedBy: Scalars['String']['output'];
  /** The rules file it was loaded from, or `publishRules`. */
  source: Scalars['String']['output'];
};

/** What a rules document changes against the version in force. */
export type RulesDiff = {
  __typename?: 'RulesDiff';
  /** Sections with at least one change. */
  sections: Array<RulesSectionDiff>;
  /** Other top-level fields that differ: levels, producers, coins… */
  settings: Array<Scalars['String']['output']>;
};

/** One thing wrong with a rules document. */
export type RulesProblem = {
  __typename?: 'RulesProblem';
  /** 1-based column. */
  column: Maybe<Scalars['Int']['output']>;
  /** 1-based line in the document, where the parser can place it. */
  line: Maybe<Scalars['Int']['output']>;
  /** What is wrong, naming the entry (`achievements[2] (key "walk"): …`). */
  message: Scalars['String']['output'];
  /** Path into the document, e.g. `achievements[2].prerequisites`; empty for the document as a whole. */
  path: Scalars['String']['output'];
};

/** What publishRules found and did. */
export type RulesPublication = {
  __typename?: 'RulesPublication';
  /** Against the version in force (null when the document is invalid). */
  diff: Maybe<RulesDiff>;
  dryRun: Scalars['Boolean']['output'];
  /** Why the document cannot be published; when any, nothing changed. */
  errors: Array<RulesProblem>;
  /** The recompute job (recompute: ALL_MEMBERS): follow it with recomputeJob(id). */
  job: Maybe<RecomputeJob>;
  /** The version put in force; null for a dry run, an invalid document, or a document identical to the version in force. */
  published: Maybe<RuleVersion>;
};

/** What a publication recomputes of members' history. */
export type RulesRecompute =
  /** Every member with retained events, under the new version, as a background job (a dry run: its impact, written nowhere). */
  | 'ALL_MEMBERS'
  /** Nothing: the new version applies to events from then on. */
  | 'NONE';

/** Entries of one section added, removed or changed, by key (id for rules). */
export type RulesSectionDiff = {
  __typename?: 'RulesSectionDiff';
  added: Array<Scalars['String']['output']>;
  changed: Array<Scalars['String']['output']>;
  removed: Array<Scalars['String']['output']>;
  /** rules, achievements, quests, streaks, boosts, holds or rewards. */
  section: Scalars['String']['output'];
};

export type RulesVersion = {
  __typename?: 'RulesVersion';
  /** Content hash of the rules in force. */
  id: Scalars['String']['output'];
  loadedAt: Scalars['DateTime']['output'];
};

/** What the events of the window did. */
export type StatsOutcomes = {
  __typename?: 'StatsOutcomes';
  /** Committed events that awarded points. */
  awarded: Scalars['Int']['output'];
  /** Dead letters not yet re-processed, all topics (null without Kafka). */
  deadLetteredPending: Maybe<Scalars['Int']['output']>;
  /** Events of erased members (dropped, the member not recreated). */
  dropped: Scalars['Int']['output'];
  /** Repeats of an event already processed (answered with the first result, nothing committed). */
  duplicate: Scalars['Int']['output'];
  /** Committed events a plausibility hold kept for review (part of processed; counted whatever their review decided since). */
  held: Scalars['Int']['output'];
  pointsAwarded: Scalars['Int']['output'];
  /** Events committed (each once: repeats of an event id are not counted). */
  processed: Scalars['Int']['output'];
  /** Invalid events, and repeats of an id with other content (nothing committed). */
  rejected: Scalars['Int']['output'];
};

/** A named streak of the game, as the rules file defines it. */
export type Streak = {
  __typename?: 'Streak';
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  /** day or week */
  per: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

/** A named streak grew, used a freeze, or broke. */
export type StreakChanged = NotificationFields & {
  __typename?: 'StreakChanged';
  changedAt: Scalars['DateTime']['output'];
  current: Scalars['Int']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  freezesHeld: Scalars['Int']['output'];
  /** STREAK_EXTENDED, STREAK_FREEZE_USED or STREAK_BROKEN. */
  kind: NotificationKind;
  longest: Scalars['Int']['output'];
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  /** The period that extended it, was frozen, or was missed (2026-11-26, 2026-W48). */
  period: Maybe<Scalars['String']['output']>;
  streak: StreakRef;
  userId: Scalars['ID']['output'];
};

/** Periods an admin excused from a member’s streak. */
export type StreakExcuse = {
  __typename?: 'StreakExcuse';
  createdAt: Scalars['DateTime']['output'];
  /** The principal who excused them (role:subject). */
  excusedBy: Scalars['String']['output'];
  from: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  streakKey: Scalars['String']['output'];
  to: Scalars['String']['output'];
};

/** A named streak as a notification names it. */
export type StreakRef = {
  __typename?: 'StreakRef';
  key: Scalars['String']['output'];
  /** day or week */
  per: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Achievements the member unlocks, once their event committed. */
  achievementUnlocked: AchievementUnlocked;
  /** Corrections of the member’s history (a retraction), once committed. */
  correctionApplied: Correction;
  /** Awards, unlocks, quests, levels and streaks of every member as they commit (admin), sampled: at most GAME_ACTIVITY_MAX_PER_SECOND a second per subscriber, `skippedBefore` counting what was left out. */
  gameActivity: GameActivity;
  /** Levels the member reaches. */
  levelUp: LevelUp;
  /** Points the member earns, once their event committed. */
  pointsAwarded: PointsAwarded;
  /** Quests the member completes. */
  questCompleted: QuestCompleted;
  /** The member's named streaks growing, using a freeze, or breaking (at their next event or by the streak sweep). */
  streakChanged: StreakChanged;
  /** The member's wallet: rewards redeemed, redemptions cancelled (refunded), coins about to expire (7 days before) or expired. */
  walletChanged: WalletChanged;
};


export type SubscriptionAchievementUnlockedArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionCorrectionAppliedArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionLevelUpArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionPointsAwardedArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionQuestCompletedArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionStreakChangedArgs = {
  userId: Scalars['ID']['input'];
};


export type SubscriptionWalletChangedArgs = {
  userId: Scalars['ID']['input'];
};

/** Only the fields given change; journeys: null means every journey. */
export type UpdateWebhookInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** true re-enables a disabled endpoint and resets its failure count. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  journeys?: InputMaybe<Array<Scalars['String']['input']>>;
  kinds?: InputMaybe<Array<NotificationKind>>;
  url?: InputMaybe<Scalars['String']['input']>;
};

/** A member's progress towards one achievement. */
export type UserAchievement = {
  __typename?: 'UserAchievement';
  achievement: Achievement;
  /** The tier to reach next. */
  nextTier: Maybe<Scalars['String']['output']>;
  /** A goal's period it is measured in now, in the member's zone (2026-W48, 2026-11-30). */
  periodKey: Maybe<Scalars['String']['output']>;
  /** In the achievement's unit: matching events, consecutive days, or for a goal the sum (e.g. steps) or active days in periodKey. */
  progress: Scalars['Int']['output'];
  /** Progress needed to unlock (a tiered achievement: its next tier). */
  target: Scalars['Int']['output'];
  /** The highest tier reached. */
  tier: Maybe<Scalars['String']['output']>;
  /** Unlocks so far: periods a repeatable goal was reached in, tiers reached, or 1. */
  timesEarned: Scalars['Int']['output'];
  unlocked: Scalars['Boolean']['output'];
  /** The first unlock. */
  unlockedAt: Maybe<Scalars['DateTime']['output']>;
};

/** A member's progress in one quest. */
export type UserQuest = {
  __typename?: 'UserQuest';
  completed: Scalars['Boolean']['output'];
  completedAt: Maybe<Scalars['DateTime']['output']>;
  /** Steps done. */
  progress: Scalars['Int']['output'];
  quest: Quest;
  steps: Array<QuestStepProgress>;
  /** Steps in the quest. */
  target: Scalars['Int']['output'];
};

/** A reward a member was granted. */
export type UserReward = {
  __typename?: 'UserReward';
  eventId: Scalars['String']['output'];
  grantedAt: Scalars['DateTime']['output'];
  reward: Reward;
  sourceKey: Scalars['String']['output'];
  /** achievement or quest */
  sourceType: Scalars['String']['output'];
};

/** A member's standing in one named streak. Periods are days (2026-11-30) or ISO weeks (2026-W48) in the member's zone. */
export type UserStreak = {
  __typename?: 'UserStreak';
  /** The current period has no activity yet and no freeze is held. */
  atRisk: Scalars['Boolean']['output'];
  /** Active periods in the current run (frozen and excused ones keep it alive without adding). */
  current: Scalars['Int']['output'];
  /** Periods of the current run that were excused. */
  excusedPeriods: Array<Scalars['String']['output']>;
  freezesHeld: Scalars['Int']['output'];
  /** Periods of the current run a freeze covered. */
  frozenPeriods: Array<Scalars['String']['output']>;
  lastActivePeriod: Maybe<Scalars['String']['output']>;
  longest: Scalars['Int']['output'];
  streak: Streak;
};

/** A member’s spendable coins, apart from points (which rank and level). */
export type Wallet = {
  __typename?: 'Wallet';
  balance: Scalars['Int']['output'];
  /** Unspent coins that will expire, soonest first (rules file coins.expireAfterDays). */
  expiring: Array<ExpiringCoins>;
  /** Why the member has their coins: ledger lines, newest first. */
  history: Array<CoinMovement>;
  /** The member’s redemptions, newest first. */
  redemptions: Array<Redemption>;
  userId: Scalars['ID']['output'];
};


/** A member’s spendable coins, apart from points (which rank and level). */
export type WalletHistoryArgs = {
  limit?: Scalars['Int']['input'];
};


/** A member’s spendable coins, apart from points (which rank and level). */
export type WalletRedemptionsArgs = {
  limit?: Scalars['Int']['input'];
};

/** The wallet changed other than by earning: a reward redeemed or cancelled, coins about to expire or expired. */
export type WalletChanged = NotificationFields & {
  __typename?: 'WalletChanged';
  /** Coins moved (negative: spent or expired; positive: refunded); for COINS_EXPIRING, the coins about to expire. */
  amount: Scalars['Int']['output'];
  /** The balance after the change. */
  balance: Scalars['Int']['output'];
  changedAt: Scalars['DateTime']['output'];
  /** The event that caused it; a repeat delivery carries the same eventId. */
  eventId: Scalars['ID']['output'];
  /** For COINS_EXPIRING: when the earliest of those coins expire. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** REWARD_REDEEMED, REDEMPTION_CANCELLED, COINS_EXPIRING or COINS_EXPIRED. */
  kind: NotificationKind;
  /** Outbox id: increases per member in commit order; the `after` cursor of the notifications query. */
  notificationId: Scalars['ID']['output'];
  redemptionId: Maybe<Scalars['ID']['output']>;
  reward: Maybe<WalletRewardRef>;
  userId: Scalars['ID']['output'];
};

/** A reward as a wallet notification names it. */
export type WalletRewardRef = {
  __typename?: 'WalletRewardRef';
  cost: Scalars['Int']['output'];
  key: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

/** An HTTP endpoint that receives signed notifications (Standard Webhooks). */
export type Webhook = {
  __typename?: 'Webhook';
  /** Failed deliveries since the last delivered one. */
  consecutiveFailures: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  disabledReason: Maybe<Scalars['String']['output']>;
  /** False once disabled (by an admin, or after WEBHOOK_DISABLE_AFTER consecutive failed deliveries): nothing is queued or sent. */
  enabled: Scalars['Boolean']['output'];
  /** Deliveries whose last attempt failed (kept WEBHOOK_RETENTION_DAYS; see webhookDeliveries). */
  failedDeliveries: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Only notifications of these journeys' events; null for every journey. */
  journeys: Maybe<Array<Scalars['String']['output']>>;
  /** The notification kinds it receives. */
  kinds: Array<NotificationKind>;
  pendingDeliveries: Scalars['Int']['output'];
  /** Until then the previous secret signs too (after rotateWebhookSecret). */
  previousSecretExpiresAt: Maybe<Scalars['DateTime']['output']>;
  /** The signing secret (whsec_…): shown once, in the answer of createWebhook and rotateWebhookSecret; null elsewhere. */
  secret: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};

/** One HTTP attempt of a delivery. */
export type WebhookAttempt = {
  __typename?: 'WebhookAttempt';
  at: Scalars['DateTime']['output'];
  error: Maybe<Scalars['String']['output']>;
  latencyMs: Scalars['Int']['output'];
  /** The HTTP status; null when no answer came (timeout, connection refused). */
  statusCode: Maybe<Scalars['Int']['output']>;
};

/** One notification for one endpoint. */
export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  /** Every attempt, oldest first (a redelivery adds to it). */
  attemptLog: Array<WebhookAttempt>;
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** The notification id: the webhook-id header and data.id of the request; the `after` cursor. */
  id: Scalars['ID']['output'];
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt: Maybe<Scalars['DateTime']['output']>;
  status: WebhookDeliveryStatus;
  userId: Scalars['ID']['output'];
  webhookId: Scalars['ID']['output'];
};

/** PENDING: waiting for its first attempt or a retry; DELIVERED: a 2xx answer; FAILED: the last attempt failed. */
export type WebhookDeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

export type LeaderboardQueryVariables = Exact<{
  journey: InputMaybe<Scalars['String']['input']>;
  period: InputMaybe<LeaderboardPeriod>;
  limit: InputMaybe<Scalars['Int']['input']>;
  around: InputMaybe<Scalars['ID']['input']>;
}>;


export type LeaderboardQuery = { __typename?: 'Query', leaderboard: { __typename?: 'Leaderboard', journey: string | null, period: LeaderboardPeriod, periodKey: string, entries: Array<{ __typename?: 'LeaderboardEntry', rank: number, userId: string, points: number, level: number | null }> } };

export type MyRankQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
  journey: InputMaybe<Scalars['String']['input']>;
  period: InputMaybe<LeaderboardPeriod>;
}>;


export type MyRankQuery = { __typename?: 'Query', myRank: { __typename?: 'LeaderboardEntry', rank: number, userId: string, points: number } | null };

export type MemberProgressQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type MemberProgressQuery = { __typename?: 'Query', profile: { __typename?: 'GameProfile', userId: string, totalPoints: number, level: number, nextLevelAt: number | null, createdAt: string } | null, achievements: Array<{ __typename?: 'UserAchievement', progress: number, target: number, unlocked: boolean, unlockedAt: string | null, achievement: { __typename?: 'Achievement', key: string, title: string, description: string | null, points: number } }>, quests: Array<{ __typename?: 'UserQuest', progress: number, target: number, completed: boolean, completedAt: string | null, quest: { __typename?: 'Quest', key: string, title: string, description: string | null, points: number }, steps: Array<{ __typename?: 'QuestStepProgress', event: string, done: number, count: number }> }> };

export type PointsHistoryQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
  limit: InputMaybe<Scalars['Int']['input']>;
}>;


export type PointsHistoryQuery = { __typename?: 'Query', pointsHistory: Array<{ __typename?: 'PointsHistoryEntry', id: string, eventId: string, eventType: string, journey: string, sourceType: string, sourceKey: string, points: number, occurredAt: string }> };

export type RewardsQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type RewardsQuery = { __typename?: 'Query', rewards: Array<{ __typename?: 'UserReward', sourceType: string, sourceKey: string, grantedAt: string, reward: { __typename?: 'Reward', key: string, title: string, description: string | null } }> };

export type AchievementUnlockedSubscriptionVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type AchievementUnlockedSubscription = { __typename?: 'Subscription', achievementUnlocked: { __typename?: 'AchievementUnlocked', notificationId: string, eventId: string, userId: string, unlockedAt: string, achievement: { __typename?: 'Achievement', key: string, title: string, description: string | null, points: number } } };

export type PointsAwardedSubscriptionVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type PointsAwardedSubscription = { __typename?: 'Subscription', pointsAwarded: { __typename?: 'PointsAwarded', notificationId: string, eventId: string, userId: string, points: number, totalPoints: number, level: number, eventType: string, journey: string, occurredAt: string, awardedAt: string } };

export type QuestCompletedSubscriptionVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type QuestCompletedSubscription = { __typename?: 'Subscription', questCompleted: { __typename?: 'QuestCompleted', notificationId: string, eventId: string, userId: string, completedAt: string, quest: { __typename?: 'CompletedQuest', key: string, title: string, points: number } } };

export type LevelUpSubscriptionVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type LevelUpSubscription = { __typename?: 'Subscription', levelUp: { __typename?: 'LevelUp', notificationId: string, eventId: string, userId: string, level: number, previousLevel: number, totalPoints: number } };

export type NotificationsQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
  after: InputMaybe<Scalars['ID']['input']>;
  limit: InputMaybe<Scalars['Int']['input']>;
}>;


export type NotificationsQuery = { __typename?: 'Query', notifications: Array<{ __typename?: 'Notification', id: string, kind: NotificationKind, eventId: string, createdAt: string, payload:
      | { __typename: 'AchievementRevoked' }
      | { __typename: 'AchievementUnlocked', unlockedAt: string, achievement: { __typename?: 'Achievement', key: string, title: string } }
      | { __typename: 'CorrectionApplied' }
      | { __typename: 'LevelUp', level: number, previousLevel: number }
      | { __typename: 'PointsAwarded', points: number, totalPoints: number, eventType: string, awardedAt: string }
      | { __typename: 'PointsRevoked' }
      | { __typename: 'QuestCompleted', completedAt: string, quest: { __typename?: 'CompletedQuest', key: string, title: string } }
      | { __typename: 'StreakChanged' }
      | { __typename: 'WalletChanged' }
     }> };

export type RecordEventMutationVariables = Exact<{
  event: RecordEventInput;
}>;


export type RecordEventMutation = { __typename?: 'Mutation', recordEvent: { __typename?: 'EventResult', eventId: string, duplicate: boolean, pointsAwarded: number, totalPoints: number, level: number, unlockedAchievements: Array<{ __typename?: 'Achievement', key: string, title: string, description: string | null, points: number }>, completedQuests: Array<{ __typename?: 'CompletedQuest', key: string, title: string, points: number }>, rewardsGranted: Array<{ __typename?: 'Reward', key: string, title: string }> } };

export type WalletQueryVariables = Exact<{
  userId: Scalars['ID']['input'];
  limit: InputMaybe<Scalars['Int']['input']>;
}>;


export type WalletQuery = { __typename?: 'Query', wallet: { __typename?: 'Wallet', balance: number, expiring: Array<{ __typename?: 'ExpiringCoins', amount: number, expiresAt: string }>, history: Array<{ __typename?: 'CoinMovement', amount: number, reason: CoinMovementReason, sourceType: string, sourceKey: string, eventId: string, createdAt: string }>, redemptions: Array<{ __typename?: 'Redemption', id: string, cost: number, status: RedemptionStatus, redeemedAt: string, cancelledAt: string | null, reward: { __typename?: 'RedeemedReward', key: string, title: string } }> } };

export type RewardCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type RewardCatalogueQuery = { __typename?: 'Query', rewardCatalogue: Array<{ __typename?: 'CatalogueItem', key: string, title: string, description: string | null, cost: number, stockLeft: number | null, perMember: number | null, availableFrom: string | null, availableUntil: string | null, available: boolean }> };

export type RedeemRewardMutationVariables = Exact<{
  input: RedeemRewardInput;
}>;


export type RedeemRewardMutation = { __typename?: 'Mutation', redeemReward: { __typename?: 'Redemption', id: string, cost: number, status: RedemptionStatus, eventId: string, redeemedAt: string, duplicate: boolean, reward: { __typename?: 'RedeemedReward', key: string, title: string } } };

export type CancelRedemptionMutationVariables = Exact<{
  input: CancelRedemptionInput;
}>;


export type CancelRedemptionMutation = { __typename?: 'Mutation', cancelRedemption: { __typename?: 'Redemption', id: string, status: RedemptionStatus, cost: number, cancelledAt: string | null, cancelReason: string | null, duplicate: boolean } };

export type WalletChangedSubscriptionVariables = Exact<{
  userId: Scalars['ID']['input'];
}>;


export type WalletChangedSubscription = { __typename?: 'Subscription', walletChanged: { __typename?: 'WalletChanged', notificationId: string, eventId: string, kind: NotificationKind, amount: number, balance: number, redemptionId: string | null, expiresAt: string | null, changedAt: string, reward: { __typename?: 'WalletRewardRef', key: string, title: string, cost: number } | null } };
