import { MemberAdjustments } from '../engine/adjustments/member-adjustments';
import type { AppConfig } from '../platform/config';
import { databaseOptionsFrom, openDatabase, type Database } from '../platform/database';
import { createLogger, type Logger } from '../platform/logger';
import { GamificationEngine } from '../engine/gamification-engine';
import { loadRulesFile, type LoadedRules } from '../engine/rules/load-rules-file';
import { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import { saveRules } from '../engine/store/postgres-rules-store';
import type { MemberKeyring } from '../members/member-keyring';
import { OutcomeTally } from '../stats/outcome-tally';
import { Wallet } from '../wallet/wallet';
import { memberKeyring } from './members-setup';

/** Advisory lock key that serialises migrations and rule storage across starting processes. */
const STARTUP_LOCK_KEY = 7_351_001;

/** What every sub-command shares: configuration, logs, the database (migrated), the rules and the engine. */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  database: Database;
  rules: LoadedRules;
  engine: GamificationEngine;
  /** Manual awards, grants, excuses and time-zone changes. */
  adjustments: MemberAdjustments;
  /** Redeeming and cancelling with coins (the engine records REWARD_REDEEMED in the same transaction). */
  wallet: Wallet;
  /** Pseudonyms and erasure hashes (MEMBER_DATA_KEY). */
  keyring: MemberKeyring;
  /** Events that committed nothing, counted for the console's overview (flushed in the background and on close). */
  outcomes: OutcomeTally;
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations, loads and validates the rules file (failing
 * fast with a message naming the entry and field) and stores it, then builds the engine.
 */
export async function createRuntime(config: AppConfig, component: string): Promise<Runtime> {
  const logger = createLogger(config.LOG_LEVEL, { component });
  const rules = await loadRulesFile(config.RULES_FILE);
  const database = await openDatabase(databaseOptionsFrom(config, `gamification-${component}`));
  try {
    await database.withAdvisoryLock(STARTUP_LOCK_KEY, async () => {
      const applied = await database.runMigrations();
      if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
      await saveRules(database, rules);
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const keyring = memberKeyring(config);
  logger.info(
    {
      rulesFile: rules.source,
      ruleSet: rules.game.id,
      rules: rules.game.rules.length,
      achievements: rules.game.achievements.length,
      quests: rules.game.quests.length,
      database: database.embedded ? 'embedded (PGlite)' : 'postgresql',
    },
    'rules loaded',
  );
  const store = new PostgresEngineStore(database, (userId) => keyring.erasureHash(userId));
  const engine = new GamificationEngine(store, () => rules.game, {
    timeZone: config.TIMEZONE,
    maxPayloadBytes: config.EVENT_MAX_PAYLOAD_BYTES,
    maxFutureSkewMs: config.EVENT_MAX_FUTURE_SKEW_MS,
    lateEventGraceMs: config.LATE_EVENT_GRACE,
    maxEventAgeMs: { member: config.MEMBER_EVENT_MAX_AGE, service: config.SERVICE_EVENT_MAX_AGE },
  });
  const adjustments = new MemberAdjustments(store, () => rules.game, { timeZone: config.TIMEZONE });
  const wallet = new Wallet(store, engine, () => rules.game);
  const outcomes = new OutcomeTally(database);
  const close = async () => {
    await outcomes.flush().catch((error: unknown) => logger.warn({ errorMessage: error instanceof Error ? error.message : String(error) }, 'outcome counts not saved at close'));
    await database.close();
  };
  return { config, logger, database, rules, engine, adjustments, wallet, keyring, outcomes, close };
}
