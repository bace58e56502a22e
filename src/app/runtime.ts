import { classifyError } from '../errors';
import { MemberAdjustments } from '../engine/adjustments/member-adjustments';
import type { AppConfig } from '../platform/config';
import { databaseOptionsFrom, openDatabase, type Database } from '../platform/database';
import { createLogger, type Logger } from '../platform/logger';
import { retrySettingsFrom, retryTransientFailures } from '../platform/resilience';
import { GamificationEngine } from '../engine/gamification-engine';
import { loadRulesFile } from '../engine/rules/load-rules-file';
import { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import { putRulesFileInForce } from '../rule-versions/rules-file-at-start';
import { VersionedRules } from '../rule-versions/versioned-rules';
import type { MemberKeyring } from '../members/member-keyring';
import { OutcomeTally } from '../stats/outcome-tally';
import { Wallet } from '../wallet/wallet';
import { EventRetraction } from '../corrections/event-retraction';
import { EventReview } from '../corrections/event-review';
import { MemberRecompute } from '../engine/member-recompute';
import { memberKeyring } from './members-setup';
import { WrittenNotifications } from '../outbox/written-notifications';

/** Advisory lock key that serialises migrations and rule storage across starting processes. */
const STARTUP_LOCK_KEY = 7_351_001;

/**
 * How many relay takes' worth of notifications a process keeps for its relay; older ones are read
 * from their rows. Each take copies what is kept and sends its ids, so a relay far behind pays for
 * a few takes' worth, not for its whole backlog.
 */
const WRITTEN_NOTIFICATIONS_KEPT_PER_TAKE = 4;

/** What every sub-command shares: configuration, logs, the database (migrated), the rules and the engine. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  database: Database;
  /** The rule version in force: switched by each transaction that sees a newer one (publishRules in any process). */
  rules: VersionedRules;
  engine: GamificationEngine;
  /** Manual awards, grants, excuses and time-zone changes. */
  adjustments: MemberAdjustments;
  /** Redeeming and cancelling with coins (the engine records REWARD_REDEEMED in the same transaction). */
  wallet: Wallet;
  /** Pseudonyms and erasure hashes (MEMBER_DATA_KEY). */
  keyring: MemberKeyring;
  /** Events that committed nothing, counted for the console's overview (flushed in the background and on close). */
  outcomes: OutcomeTally;
  /** The notifications this process's engine wrote, for its own outbox relay (absent when OUTBOX_RELAY=false). */
  writtenNotifications?: WrittenNotifications;
  /**
   * A member's recompute (`recomputeIn(session, userId, game, cause, { write })` inside `store.transaction`),
   * and the retraction and review of held events built on it.
   */
  corrections: { store: PostgresEngineStore; recompute: MemberRecompute; retraction: EventRetraction; review: EventReview };
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations, loads and validates the rules file (failing
 * fast with a message naming the entry and field) and publishes it when it changed, then builds
 * the engine under the rule version in force.
 */
export async function createRuntime(config: AppConfig, component: string): Promise<Runtime> {
  const logger = createLogger(config.LOG_LEVEL, { component });
  const file = await loadRulesFile(config.RULES_FILE);
  const database = await openDatabase(databaseOptionsFrom(config, `gamification-${component}`));
  // A migration can lose a deadlock to a query reading the tables it alters (PostgreSQL then fails
  // it); the migrations and the rules are all-or-nothing, so the whole step is tried again.
  const startup = retryTransientFailures(retrySettingsFrom(config).database);
  startup.onRetry((reason) =>
    logger.warn({ errorMessage: 'error' in reason ? classifyError(reason.error).message : 'unexpected result', attempt: reason.attempt }, 'start-up migrations failed; retrying'),
  );
  const inForce = await startup
    .execute(() =>
      database.withAdvisoryLock(STARTUP_LOCK_KEY, async () => {
        const applied = await database.runMigrations();
        if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
        return putRulesFileInForce(database, file, logger);
      }),
    )
    .catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
  const keyring = memberKeyring(config);
  logger.info(
    {
      rulesFile: file.source,
      ruleVersion: inForce.version,
      ruleSet: inForce.game.id,
      rules: inForce.game.rules.length,
      achievements: inForce.game.achievements.length,
      quests: inForce.game.quests.length,
      database: database.embedded ? 'embedded (PGlite)' : 'postgresql',
    },
    'rules loaded',
  );
  const rules = new VersionedRules(inForce, (switched) => logger.info({ ruleVersion: switched.version, ruleSet: switched.game.id }, 'rule version switched'));
  const writtenNotifications = config.OUTBOX_RELAY ? new WrittenNotifications(WRITTEN_NOTIFICATIONS_KEPT_PER_TAKE * config.OUTBOX_BATCH_SIZE) : undefined;
  const store = new PostgresEngineStore(
    database,
    (userId) => keyring.erasureHash(userId),
    writtenNotifications && ((notifications) => writtenNotifications.remember(notifications)),
  );
  const engine = new GamificationEngine(store, rules, {
    timeZone: config.TIMEZONE,
    maxPayloadBytes: config.EVENT_MAX_PAYLOAD_BYTES,
    maxFutureSkewMs: config.EVENT_MAX_FUTURE_SKEW_MS,
    lateEventGraceMs: config.LATE_EVENT_GRACE,
    maxEventAgeMs: { member: config.MEMBER_EVENT_MAX_AGE, service: config.SERVICE_EVENT_MAX_AGE },
  });
  const adjustments = new MemberAdjustments(store, rules.current, { timeZone: config.TIMEZONE });
  const wallet = new Wallet(store, engine, rules.current);
  const recompute = new MemberRecompute({ timeZone: config.TIMEZONE, lateEventGraceMs: config.LATE_EVENT_GRACE });
  const corrections = { store, recompute, retraction: new EventRetraction(store, rules, recompute), review: new EventReview(store, rules, recompute) };
  const outcomes = new OutcomeTally(database);
  const close = async () => {
    await outcomes.flush().catch((error: unknown) => logger.warn({ errorMessage: classifyError(error).message }, 'outcome counts not saved at close'));
    await database.close();
  };
  return { config, logger, database, rules, engine, adjustments, wallet, keyring, outcomes, corrections, writtenNotifications, close };
}
