import type { Database, PreparedSql, SqlExecutor } from '../../platform/database';
import type { EventResult } from '../../contract';
import { InternalError } from '../../errors';
import type { EventEvaluation, PointsAward, RewardGrant } from '../game/evaluation';
import type { Notification, PendingNotification } from '../notifications/notification';
import { emptyUserState, parseRuleUsageKey, ruleUsageKey, type GoalPeriod, type UserGameState } from '../game/user-state';
import type { CorrectionRecord, MemberHistory, StoredEventQuery, StoredEventRecord } from '../recompute/correction-record';
import type { MemberCorrection } from '../recompute/member-correction';
import type { StreakState } from '../streaks/streak-state';
import {
  eventKeyId,
  type BatchEffects,
  earnedCoins,
  type CoinLedgerLine,
  type CommittedEvent,
  type CorrectionWrite,
  type EngineSession,
  type EngineStore,
  type LoadRequest,
  type LoadedBatch,
  type ManualAdjustmentRecord,
  type MemberEffects,
  type ProcessedRecord,
  type RuleVersionInForce,
} from './engine-store';
import * as history from './postgres-member-history';

/**
 * Channel a committed batch with notifications NOTIFYs, to wake outbox relays at once. The
 * payload is the batch's `committedAt` (ISO 8601, the notifications' `awardedAt`), so a listener
 * can also tell when that batch became visible.
 */
export const OUTBOX_CHANNEL = 'gamification_outbox';

/** The transaction advisory lock one streak sweep round holds, so a single process sweeps at a time. */
export const STREAK_SWEEP_LOCK_KEY = 4_000_000_012;

/**
 * The PostgreSQL store. A batch costs a fixed number of statements whatever its size: rows
 * written travel as one JSON array per table (`jsonb_to_recordset`), which PGlite and PostgreSQL
 * both run. Lookups take arrays instead (`= ANY`, `unnest`), and the progress lookup probes each
 * key's primary key on its own (a LATERAL subquery with LIMIT 1 cannot become a hash join): a
 * join over the whole key set let the planner scan whole tables once per batch when its row
 * estimates were off (never-analysed tables, autovacuum off), a cost that grew with the tables.
 * Members are locked, then the missing ones created, in user_id order (see `lockMembers`).
 */
export class PostgresEngineStore implements EngineStore {
  /**
   * @param erasureHash the keyed hash an erasure record keeps of a member id (member_erasures).
   * @param notificationsWritten told of each batch's notifications with their outbox ids as soon as
   *   the batch statement wrote them, before the commit (the relay of this process takes them from
   *   there once its queue names their ids, which only committed rows are).
   */
  constructor(
    private readonly database: Database,
    private readonly erasureHash: (userId: string) => string,
    private readonly notificationsWritten?: (notifications: readonly Notification[]) => void,
  ) {}

  transaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    return this.transactionWithSql((session) => work(session));
  }

  batchTransaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    return this.database.transaction((tx) => work(this.sessionOf(tx)), { genericPlans: true });
  }

  /** A transaction in which another room's statements (the wallet's) run beside the engine's session: all or nothing. */
  transactionWithSql<T>(work: (session: EngineSession, tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.database.transaction((tx) => work(this.sessionOf(tx), tx));
  }

  private sessionOf(tx: SqlExecutor): PostgresEngineSession {
    return new PostgresEngineSession(tx, this.database, this.erasureHash, this.notificationsWritten);
  }
}

/**
 * Locks the members' profiles in user_id order, creating those of first-time members, and returns
 * their states with totals and time zone (progress is loaded separately, by key). Existing
 * profiles are locked first and only the missing ones are inserted: a batch of known members (the
 * steady state) costs one locking read, not an insert attempt per member besides.
 */
export async function lockMembers(tx: SqlExecutor, userIds: readonly string[], initialLevel: number): Promise<Map<string, UserGameState>> {
  const users = [...userIds].sort();
  const profiles = await tx.query<ProfileRow>(LOCK_PROFILES_SQL, [users]);
  let missing = notIn(users, profiles);
  if (missing.length > 0) {
    profiles.push(...(await tx.query<ProfileRow>(ENSURE_AND_LOCK_PROFILES_SQL, [missing, initialLevel])));
    // Created by a concurrent batch after that statement's snapshot: visible (and lockable) to the next one.
    missing = notIn(missing, profiles);
    if (missing.length > 0) profiles.push(...(await tx.query<ProfileRow>(LOCK_PROFILES_SQL, [missing])));
  }
  const states = new Map<string, UserGameState>();
  for (const row of profiles) {
    states.set(row.user_id, {
      ...emptyUserState(row.user_id, row.level),
      totalPoints: row.total_points,
      coins: row.coins,
      pointsReachedAt: row.points_reached_at === null ? null : new Date(row.points_reached_at),
      timeZone: row.time_zone,
      zoneChange: row.zone_changed_at === null ? null : { at: new Date(row.zone_changed_at), previous: row.previous_time_zone ?? 'UTC' },
    });
  }
  return states;
}

/** The members of `users` (sorted) that no row of `profiles` names, still sorted. */
function notIn(users: readonly string[], profiles: readonly ProfileRow[]): string[] {
  const found = new Set(profiles.map((row) => row.user_id));
  return users.filter((userId) => !found.has(userId));
}

class PostgresEngineSession implements EngineSession {
  constructor(
    private readonly tx: SqlExecutor,
    private readonly database: Database,
    private readonly erasureHash: (userId: string) => string,
    private readonly notificationsWritten: ((notifications: readonly Notification[]) => void) | undefined,
  ) {}

  async ruleVersionInForce(known: number): Promise<RuleVersionInForce> {
    const [row] = await this.tx.query<{ version_id: number; version_document: unknown }>(RULE_VERSION_IN_FORCE_SQL, [known]);
    if (!row) throw new InternalError('no rule version is in force');
    return { id: row.version_id, document: row.version_document };
  }

  async load(request: LoadRequest): Promise<LoadedBatch> {
    const users = [...request.userIds].sort();
    const states = await lockMembers(this.tx, users, request.initialLevel);
    const loaded = await this.loadProgress(request, users, states);
    if (loaded.erased.size > 0) {
      // Looked up after the lock, so an erasure that committed first is seen; the profiles this batch just created for them go.
      await this.tx.query(`DELETE FROM profiles WHERE user_id = ANY($1::uuid[])`, [[...loaded.erased]]);
    }
    return { states, ...loaded };
  }

  /**
   * The batch's first results, its members' progress and which of them were erased in ONE
   * round trip: a union of the lookups, each row tagged with its kind and carried as JSON.
   */
  private async loadProgress(request: LoadRequest, users: string[], states: Map<string, UserGameState>): Promise<{ processed: Map<string, ProcessedRecord>; erased: Set<string> }> {
    const { achievementKeys: achievements, questKeys: quests, streakKeys: streaks } = request;
    const usage = request.ruleUsageKeys(states);
    const usageKeys = usage.keys.map(parseRuleUsageKey);
    const rows = await this.tx.query<ProgressRow>(LOAD_PROGRESS_SQL, [
      request.eventKeys.map((key) => key.userId),
      request.eventKeys.map((key) => key.eventId),
      achievements.userIds,
      achievements.keys,
      quests.userIds,
      quests.keys,
      usage.userIds,
      usageKeys.map((key) => key.ruleId),
      usageKeys.map((key) => key.periodKey),
      streaks.userIds,
      streaks.keys,
      users,
      users.map(this.erasureHash),
    ]);
    const processed = new Map<string, ProcessedRecord>();
    const erased = new Set<string>();
    for (const { kind, user_id: userId, row } of rows) {
      const state = states.get(userId);
      if (kind === 'erased') erased.add(userId);
      else if (kind === 'processed') {
        processed.set(eventKeyId({ userId, eventId: row.key }), {
          result: resultFromRow(row.key, row.result as StoredResult),
          contentHash: (row.content_hash as string | null) ?? null,
        });
      } else if (kind === 'achievement') {
        state?.achievements.set(row.key, {
          progress: row.progress as number,
          streakLastDay: (row.streak_last_day as string | null) ?? null,
          unlockedAt: row.unlocked_at == null ? null : new Date(row.unlocked_at as string),
          timesEarned: row.times_earned as number,
          goal: (row.goal as GoalPeriod[] | null) ?? null,
        });
      } else if (kind === 'quest') {
        state?.quests.set(row.key, {
          stepProgress: row.step_progress as number[],
          completedAt: row.completed_at == null ? null : new Date(row.completed_at as string),
        });
      } else if (kind === 'streak') state?.streaks.set(row.key, row.state as StreakState);
      else state?.ruleUsage.set(ruleUsageKey(row.key, row.period_key as string), { uses: row.uses as number, points: row.points as number });
    }
    return { processed, erased };
  }

  /**
   * Writes a batch's effects in ONE statement (data-modifying CTEs, one JSON array per table):
   * a round trip per batch instead of one per table, which matters most for the API's small
   * group-committed batches. An empty array inserts nothing.
   */
  async persist({ events, states, notifications, committedAt }: BatchEffects): Promise<void> {
    if (events.length === 0) return;
    const touched = touchedByUser(events);
    const profiles = [...touched.pointsUsers].map((userId) => states.get(userId)!);
    await this.writeBatch({
      ledger: events.flatMap(({ evaluation: { event, awards } }) => ledgerRows(event.userId, event.id, event.type, event.journey, event.timestamp, awards)),
      profiles,
      achievements: achievementRows(touched.achievements, states),
      quests: questRows(touched.quests, states),
      ruleUsage: ruleUsageRows(touched.ruleUsage, states),
      streaks: streakRows(events, states),
      rewards: rewardRows(events),
      processed: processedRows(events),
      notifications,
      committedAt,
      coins: touched.coinsEarned ? events.flatMap(({ evaluation }) => earnedCoinRows(evaluation)) : [],
      storedEvents: storedEventRows(events),
    });
  }

  /**
   * The batch statement with its row sets by name (a set left out writes nothing). The sets
   * travel as jsonb parameters (`Database.jsonArray`: PostgreSQL's binary form where it runs),
   * an empty one as the literal `[]`. The notifications' outbox ids come back (in the order the
   * rows were given), and the notifications go to `notificationsWritten` with them.
   */
  private async writeBatch(rows: BatchRows): Promise<void> {
    const json = (set: readonly unknown[] | undefined) => (set === undefined || set.length === 0 ? '[]' : this.database.jsonArray(set));
    const profiles = rows.profiles ?? [];
    const [written] = await this.tx.query<{ ids: string[] | null; created_at: Date | string }>(PERSIST_BATCH_SQL, [
      json(rows.ledger),
      profiles.map((state) => state.userId),
      profiles.map((state) => state.totalPoints),
      profiles.map((state) => state.level),
      profiles.map((state) => state.pointsReachedAt?.toISOString() ?? null),
      profiles.map((state) => state.coins),
      json(rows.achievements),
      json(rows.quests),
      json(rows.ruleUsage),
      json(rows.streaks),
      json(rows.rewards),
      json(rows.processed),
      // The outbox rows as the engine decided them: the statement reads their camelCase keys.
      json(rows.notifications),
      !this.database.embedded,
      OUTBOX_CHANNEL,
      rows.committedAt.toISOString(),
      json(rows.coins),
      json(rows.storedEvents),
    ]);
    if (this.notificationsWritten && written.ids !== null) {
      const createdAt = new Date(written.created_at);
      const pending = rows.notifications!;
      this.notificationsWritten(written.ids.map((id, index) => ({ ...pending[index], id, createdAt }) as Notification));
    }
  }

  async dueStreaks(now: Date, limit: number): Promise<{ userId: string; streakKey: string }[] | null> {
    const [lock] = await this.tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [STREAK_SWEEP_LOCK_KEY]);
    if (!lock.locked) return null;
    const rows = await this.tx.query<{ user_id: string; streak_key: string }>(
      `SELECT user_id, streak_key FROM user_streaks WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((row) => ({ userId: row.user_id, streakKey: row.streak_key }));
  }

  findStoredEvents(eventId: string): Promise<StoredEventRecord[]> {
    return history.findStoredEvents(this.tx, eventId);
  }

  findStoredEventsMatching(queries: readonly StoredEventQuery[]): Promise<(StoredEventRecord | null)[]> {
    return history.findStoredEventsMatching(this.tx, queries);
  }

  markRetracted(userId: string, eventIds: readonly string[], retraction: { by: string; reason: string; at: Date }): Promise<void> {
    return history.markRetracted(this.tx, userId, eventIds, retraction);
  }

  markReviewed(userId: string, eventId: string, review: { status: 'ACCEPTED' | 'REJECTED'; by: string; note: string | null; at: Date }): Promise<void> {
    return history.markReviewed(this.tx, userId, eventId, review);
  }

  async loadMemberHistories(userIds: readonly string[], initialLevel: number): Promise<Map<string, MemberHistory>> {
    return history.loadMemberHistories(this.tx, await lockMembers(this.tx, userIds, initialLevel));
  }

  findCorrection(userId: string, by: { idempotencyKey: string } | { retractedEventId: string }): Promise<CorrectionRecord | null> {
    return history.findCorrection(this.tx, userId, by);
  }

  /** The batch statement (compensating lines, totals, progress rows kept, rewards granted, notifications), then the corrections' own records: two statements for any number of members. */
  async persistCorrections(corrections: readonly CorrectionWrite[]): Promise<void> {
    if (corrections.length === 0) return;
    const states = new Map(corrections.map(({ correction }) => [correction.state.userId, correction.state]));
    const keys = (keysOf: (correction: MemberCorrection) => string[]): UserKeys =>
      corrections.flatMap(({ correction }): UserKeys => {
        const values = keysOf(correction);
        return values.length > 0 ? [[correction.state.userId, new Set(values)]] : [];
      });
    await this.writeBatch({
      ledger: corrections.flatMap(({ record, correction }) =>
        correction.lines.map((line) => ({
          user_id: record.userId,
          event_id: line.eventId,
          event_type: line.eventType,
          journey: line.journey,
          source_type: 'correction',
          source_key: line.source,
          points: line.points,
          occurred_at: line.occurredAt.toISOString(),
          correction_id: record.id,
        })),
      ),
      profiles: corrections.map(({ correction }) => correction.state),
      achievements: achievementRows(
        keys((correction) => correction.achievements.upsert),
        states,
      ),
      quests: questRows(
        keys((correction) => correction.quests.upsert),
        states,
      ),
      ruleUsage: ruleUsageRows(
        keys((correction) => correction.ruleUsage.upsert),
        states,
      ),
      streaks: corrections.flatMap(({ correction: { state, streaks } }) => streakCheckRows(state, streaks.nextChecks)),
      rewards: corrections.flatMap(({ record, correction }) => correction.rewards.granted.map(({ grant, eventId }) => rewardGrantRow(record.userId, eventId, grant))),
      notifications: corrections.flatMap(({ notifications }) => notifications),
      committedAt: corrections[0].record.createdAt,
      coins: corrections.flatMap(({ record, correction }) =>
        coinRows(
          record.userId,
          correction.coinLines.map(({ eventId, amount }) => ({
            eventId,
            amount,
            reason: 'CORRECTED',
            sourceType: 'correction',
            sourceKey: record.id,
            remaining: Math.max(amount, 0),
            expiresAt: null,
          })),
        ),
      ),
    });
    await history.writeCorrectionRecords(this.tx, corrections);
  }

  async findAdjustment(userId: string, idempotencyKey: string): Promise<ManualAdjustmentRecord | null> {
    const [row] = await this.tx.query<AdjustmentRow>(
      `SELECT user_id, idempotency_key, kind, points_requested, points_applied, achievement_key, reason, principal, result
       FROM manual_adjustments WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );
    return row
      ? {
          userId: row.user_id,
          idempotencyKey: row.idempotency_key,
          kind: row.kind,
          pointsRequested: row.points_requested,
          pointsApplied: row.points_applied,
          achievementKey: row.achievement_key,
          reason: row.reason,
          principal: row.principal,
          result: row.result,
        }
      : null;
  }

  /**
   * Writes what a change other than an event did: the same batch statement as events (no
   * processed-event row), then the input's own record (adjustment, excuse or zone change),
   * which a member's history can be replayed from.
   */
  async persistMember(effects: MemberEffects): Promise<void> {
    const { state, ledger, committedAt } = effects;
    const userId = state.userId;
    const keys: UserKeys = effects.achievements.length > 0 ? [[userId, new Set(effects.achievements)]] : [];
    await this.writeBatch({
      ledger: ledgerRows(userId, ledger.eventId, ledger.eventType, ledger.journey, ledger.occurredAt, ledger.awards),
      profiles: effects.totals ? [state] : [],
      achievements: achievementRows(keys, new Map([[userId, state]])),
      streaks: streakCheckRows(state, effects.streaks),
      rewards: effects.rewards.map((grant) => rewardGrantRow(userId, ledger.eventId, grant)),
      notifications: effects.notifications,
      committedAt,
      coins: coinRows(userId, effects.coins),
    });
    if (effects.zone) {
      await this.tx.query(
        `WITH profile AS (
           UPDATE profiles SET time_zone = $2, zone_changed_at = $3, previous_time_zone = $4, updated_at = now() WHERE user_id = $1
         ) INSERT INTO time_zone_changes (user_id, time_zone, previous_time_zone, changed_by, changed_at) VALUES ($1, $2, $4, $5, $3)`,
        [userId, state.timeZone, state.zoneChange!.at.toISOString(), state.zoneChange!.previous, effects.zone.changedBy],
      );
    }
    if (effects.adjustment) {
      const a = effects.adjustment;
      await this.tx.query(
        `INSERT INTO manual_adjustments (user_id, idempotency_key, kind, points_requested, points_applied, achievement_key, reason, principal, result)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
        [a.userId, a.idempotencyKey, a.kind, a.pointsRequested, a.pointsApplied, a.achievementKey, a.reason, a.principal, JSON.stringify(a.result)],
      );
    }
    if (effects.excuse) {
      const e = effects.excuse;
      await this.tx.query(`INSERT INTO streak_excuses (user_id, streak_key, from_period, to_period, reason, excused_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
        userId,
        e.streakKey,
        e.from,
        e.to,
        e.reason,
        e.excusedBy,
      ]);
    }
  }
}

type UserKeys = [string, Set<string>][];

/** The row sets of the batch statement (PERSIST_BATCH_SQL), each a table's rows as its columns name them. */
interface BatchRows {
  ledger?: readonly unknown[];
  /** Members whose totals, level and coins are written. */
  profiles?: readonly UserGameState[];
  achievements?: readonly unknown[];
  quests?: readonly unknown[];
  ruleUsage?: readonly unknown[];
  streaks?: readonly unknown[];
  rewards?: readonly unknown[];
  processed?: readonly unknown[];
  notifications?: readonly PendingNotification[];
  coins?: readonly unknown[];
  storedEvents?: readonly unknown[];
  /** When the batch commits: the NOTIFY payload that wakes the relays. */
  committedAt: Date;
}

interface ProgressRow {
  kind: 'processed' | 'achievement' | 'quest' | 'usage' | 'streak' | 'erased';
  user_id: string;
  row: { key: string } & Record<string, unknown>;
}

const LOCK_PROFILES = `SELECT user_id, total_points, level, coins, points_reached_at, time_zone, zone_changed_at, previous_time_zone FROM profiles
  WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE`;

/** See the rule-versions migration: takes the rule-version lock shared, then reads the version in force. */
const RULE_VERSION_IN_FORCE_SQL: PreparedSql = { name: 'engine-rule-version-in-force', text: 'SELECT version_id, version_document FROM rule_version_in_force($1)' };

const LOCK_PROFILES_SQL: PreparedSql = { name: 'engine-lock-profiles', text: LOCK_PROFILES };

/**
 * Creates the profiles of first-time members (those LOCK_PROFILES_SQL did not find) and locks any
 * a concurrent batch created meanwhile, in one round trip and in user_id order. The rows this
 * statement inserts come back from the INSERT (the SELECT's snapshot predates them); a profile
 * another batch created after that snapshot comes back from neither, and LOCK_PROFILES_SQL takes it.
 *
 * Lock order: a batch locks existing profiles (sorted), then inserts new ones (sorted), then
 * locks the few created by others in between. Waits among the first two phases cannot form a
 * cycle (each phase takes its rows in one order, and an insert only waits for another batch's
 * uncommitted insert of the same member, which that batch made in its second phase). The third
 * phase, like the fallback of the insert-first order before it, can meet a batch that locked a
 * member created between the two statements; PostgreSQL reports that deadlock (40P01), which is
 * retriable, and the batch runs again.
 */
const ENSURE_AND_LOCK_PROFILES_SQL: PreparedSql = {
  name: 'engine-ensure-and-lock-profiles',
  text: `WITH created AS (
      INSERT INTO profiles (user_id, level)
      SELECT u, $2 FROM unnest($1::uuid[]) AS t(u) ORDER BY 1
      ON CONFLICT (user_id) DO NOTHING
      RETURNING user_id, total_points, level, coins, points_reached_at, time_zone, zone_changed_at, previous_time_zone
    ), locked AS (${LOCK_PROFILES})
    SELECT * FROM created UNION ALL SELECT * FROM locked`,
};

const LOAD_PROGRESS_SQL: PreparedSql = {
  name: 'engine-load-progress',
  text: `
  SELECT 'processed' AS kind, k.user_id, r.row
  FROM unnest($1::uuid[], $2::text[]) AS k(user_id, event_id) CROSS JOIN LATERAL (
    SELECT jsonb_build_object('key', p.event_id, 'result', p.result, 'content_hash', p.content_hash) AS row FROM processed_events p
    WHERE p.user_id = k.user_id AND p.event_id = k.event_id LIMIT 1) AS r
  UNION ALL
  SELECT 'achievement', k.user_id, r.row
  FROM unnest($3::uuid[], $4::text[]) AS k(user_id, achievement_key) CROSS JOIN LATERAL (
    SELECT jsonb_build_object('key', a.achievement_key, 'progress', a.progress, 'streak_last_day', a.streak_last_day,
      'unlocked_at', a.unlocked_at, 'times_earned', a.times_earned, 'goal', a.goal) AS row FROM user_achievements a
    WHERE a.user_id = k.user_id AND a.achievement_key = k.achievement_key LIMIT 1) AS r
  UNION ALL
  SELECT 'quest', k.user_id, r.row
  FROM unnest($5::uuid[], $6::text[]) AS k(user_id, quest_key) CROSS JOIN LATERAL (
    SELECT jsonb_build_object('key', q.quest_key, 'step_progress', q.step_progress, 'completed_at', q.completed_at) AS row
    FROM user_quests q WHERE q.user_id = k.user_id AND q.quest_key = k.quest_key LIMIT 1) AS r
  UNION ALL
  SELECT 'usage', k.user_id, r.row
  FROM unnest($7::uuid[], $8::text[], $9::text[]) AS k(user_id, rule_id, period_key) CROSS JOIN LATERAL (
    SELECT jsonb_build_object('key', u.rule_id, 'period_key', u.period_key, 'uses', u.uses, 'points', u.points) AS row FROM rule_usage u
    WHERE u.user_id = k.user_id AND u.rule_id = k.rule_id AND u.period_key = k.period_key LIMIT 1) AS r
  UNION ALL
  SELECT 'streak', k.user_id, r.row
  FROM unnest($10::uuid[], $11::text[]) AS k(user_id, streak_key) CROSS JOIN LATERAL (
    SELECT jsonb_build_object('key', s.streak_key, 'state', s.state) AS row FROM user_streaks s
    WHERE s.user_id = k.user_id AND s.streak_key = k.streak_key LIMIT 1) AS r
  UNION ALL
  SELECT 'erased', k.user_id, NULL
  FROM unnest($12::uuid[], $13::text[]) AS k(user_id, member_hash)
  WHERE EXISTS (SELECT 1 FROM member_erasures e WHERE e.member_hash = k.member_hash)`,
};

const PERSIST_BATCH_SQL: PreparedSql = {
  name: 'engine-persist-batch',
  text: `
  WITH ledger AS (
    INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at, base_points, boosts, correction_id)
    SELECT user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at, base_points, boosts, correction_id
    FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, event_id text, event_type text, journey text,
      source_type text, source_key text, points integer, occurred_at timestamptz, base_points integer, boosts jsonb, correction_id uuid)
  ), coin_lines AS (
    INSERT INTO coin_ledger (user_id, event_id, amount, reason, source_type, source_key, remaining, expires_at)
    SELECT user_id, event_id, amount, reason, source_type, source_key, remaining, expires_at
    FROM jsonb_to_recordset($17::jsonb) AS x(user_id uuid, event_id text, amount integer, reason text,
      source_type text, source_key text, remaining integer, expires_at timestamptz)
  ), profile_totals AS (
    UPDATE profiles p SET total_points = x.total_points, level = x.level,
      points_reached_at = x.points_reached_at, coins = x.coins, updated_at = now()
    FROM unnest($2::uuid[], $3::integer[], $4::integer[], $5::timestamptz[], $6::integer[]) AS x(user_id, total_points, level, points_reached_at, coins)
    WHERE p.user_id = x.user_id
  ), achievements AS (
    INSERT INTO user_achievements (user_id, achievement_key, progress, streak_last_day, unlocked_at, times_earned, goal)
    SELECT user_id, achievement_key, progress, streak_last_day, unlocked_at, times_earned, goal FROM jsonb_to_recordset($7::jsonb)
      AS x(user_id uuid, achievement_key text, progress integer, streak_last_day text, unlocked_at timestamptz, times_earned integer, goal jsonb)
    ON CONFLICT (user_id, achievement_key) DO UPDATE SET progress = EXCLUDED.progress,
      streak_last_day = EXCLUDED.streak_last_day, unlocked_at = EXCLUDED.unlocked_at, times_earned = EXCLUDED.times_earned,
      goal = EXCLUDED.goal, updated_at = now()
  ), quests AS (
    INSERT INTO user_quests (user_id, quest_key, step_progress, completed_at)
    SELECT user_id, quest_key, step_progress, completed_at FROM jsonb_to_recordset($8::jsonb)
      AS x(user_id uuid, quest_key text, step_progress jsonb, completed_at timestamptz)
    ON CONFLICT (user_id, quest_key) DO UPDATE SET step_progress = EXCLUDED.step_progress,
      completed_at = EXCLUDED.completed_at, updated_at = now()
  ), usage AS (
    INSERT INTO rule_usage (user_id, rule_id, period_key, uses, points)
    SELECT user_id, rule_id, period_key, uses, points FROM jsonb_to_recordset($9::jsonb)
      AS x(user_id uuid, rule_id text, period_key text, uses integer, points integer)
    ON CONFLICT (user_id, rule_id, period_key) DO UPDATE SET uses = EXCLUDED.uses, points = EXCLUDED.points
  ), streaks AS (
    INSERT INTO user_streaks (user_id, streak_key, state, next_check_at)
    SELECT user_id, streak_key, state, next_check_at FROM jsonb_to_recordset($10::jsonb)
      AS x(user_id uuid, streak_key text, state jsonb, next_check_at timestamptz)
    ON CONFLICT (user_id, streak_key) DO UPDATE SET state = EXCLUDED.state, next_check_at = EXCLUDED.next_check_at, updated_at = now()
  ), rewards AS (
    INSERT INTO user_rewards (user_id, reward_key, source_type, source_key, event_id)
    SELECT user_id, reward_key, source_type, source_key, event_id FROM jsonb_to_recordset($11::jsonb)
      AS x(user_id uuid, reward_key text, source_type text, source_key text, event_id text)
    ON CONFLICT (user_id, reward_key) DO NOTHING
  ), processed AS (
    INSERT INTO processed_events (user_id, event_id, event_type, result, content_hash)
    SELECT user_id, event_id, event_type, result, content_hash FROM jsonb_to_recordset($12::jsonb)
      AS x(user_id uuid, event_id text, event_type text, result jsonb, content_hash text)
  ), stored AS (
    INSERT INTO events (user_id, event_id, type, journey, occurred_at, schema_version, payload, status, hold_key, hold_reason)
    SELECT user_id, event_id, type, journey, occurred_at, schema_version, payload, coalesce(status, 'ACCEPTED'), hold_key, hold_reason FROM jsonb_to_recordset($18::jsonb)
      AS x(user_id uuid, event_id text, type text, journey text, occurred_at timestamptz, schema_version text, payload jsonb,
        status text, hold_key text, hold_reason text)
  ), notifications AS (
    INSERT INTO outbox (user_id, kind, event_id, payload)
    SELECT "userId", kind, "eventId", payload FROM ROWS FROM (jsonb_to_recordset($13::jsonb)
      AS ("userId" uuid, kind text, "eventId" text, payload jsonb)) WITH ORDINALITY AS x("userId", kind, "eventId", payload, position)
    ORDER BY position
    RETURNING id
  ), queued AS (
    INSERT INTO outbox_pending (id) SELECT id FROM notifications
    RETURNING id
  )
  SELECT ids, now() AS created_at, CASE WHEN $14::boolean AND ids IS NOT NULL THEN pg_notify($15, $16) END AS announced
  FROM (SELECT array_agg(id ORDER BY id)::text[] AS ids FROM queued) AS written`,
};

function ledgerRows(userId: string, eventId: string, eventType: string, journey: string, occurredAt: Date, awards: readonly PointsAward[]) {
  return awards.map((award) => ({
    user_id: userId,
    event_id: eventId,
    event_type: eventType,
    journey,
    source_type: award.sourceType,
    source_key: award.sourceKey,
    points: award.points,
    occurred_at: occurredAt.toISOString(),
    base_points: award.basePoints ?? null,
    boosts: award.boosts ?? null,
  }));
}

/** An evaluation's coin awards as ledger credits. */
function earnedCoinRows({ event, coinAwards }: EventEvaluation) {
  return coinRows(
    event.userId,
    coinAwards.map((award) => earnedCoins(event.id, award)),
  );
}

function coinRows(userId: string, lines: readonly CoinLedgerLine[]) {
  return lines.map((line) => ({
    user_id: userId,
    event_id: line.eventId,
    amount: line.amount,
    reason: line.reason,
    source_type: line.sourceType,
    source_key: line.sourceKey,
    remaining: line.remaining,
    expires_at: line.expiresAt?.toISOString() ?? null,
  }));
}

function achievementRows(keys: UserKeys, states: ReadonlyMap<string, UserGameState>) {
  return keys.flatMap(([userId, achievementKeys]) =>
    [...achievementKeys].map((key) => {
      const progress = states.get(userId)!.achievements.get(key)!;
      return {
        user_id: userId,
        achievement_key: key,
        progress: progress.progress,
        streak_last_day: progress.streakLastDay,
        unlocked_at: progress.unlockedAt?.toISOString() ?? null,
        times_earned: progress.timesEarned,
        goal: progress.goal,
      };
    }),
  );
}

function questRows(keys: UserKeys, states: ReadonlyMap<string, UserGameState>) {
  return keys.flatMap(([userId, questKeys]) =>
    [...questKeys].map((key) => {
      const progress = states.get(userId)!.quests.get(key)!;
      return { user_id: userId, quest_key: key, step_progress: progress.stepProgress, completed_at: progress.completedAt?.toISOString() ?? null };
    }),
  );
}

function ruleUsageRows(keys: UserKeys, states: ReadonlyMap<string, UserGameState>) {
  return keys.flatMap(([userId, usageKeys]) =>
    [...usageKeys].map((key) => {
      const { ruleId, periodKey } = parseRuleUsageKey(key);
      const usage = states.get(userId)!.ruleUsage.get(key)!;
      return { user_id: userId, rule_id: ruleId, period_key: periodKey, uses: usage.uses, points: usage.points };
    }),
  );
}

/** Each touched streak's final state, with the next check time of its last update in the batch. */
export function streakRows(events: CommittedEvent[], states: ReadonlyMap<string, UserGameState>) {
  const rows = new Map<string, { user_id: string; streak_key: string; state: StreakState; next_check_at: string | null }>();
  for (const { evaluation } of events) {
    const userId = evaluation.event.userId;
    for (const update of evaluation.streakUpdates) {
      rows.set(`${userId} ${update.streak.key}`, {
        user_id: userId,
        streak_key: update.streak.key,
        state: states.get(userId)!.streaks.get(update.streak.key)!,
        next_check_at: update.nextCheckAt?.toISOString() ?? null,
      });
    }
  }
  return [...rows.values()];
}

/** A member's streaks as they stand, each with its next check time. */
function streakCheckRows(state: UserGameState, checks: readonly { key: string; nextCheckAt: Date | null }[]) {
  return checks.map(({ key, nextCheckAt }) => ({
    user_id: state.userId,
    streak_key: key,
    state: state.streaks.get(key)!,
    next_check_at: nextCheckAt?.toISOString() ?? null,
  }));
}

function rewardGrantRow(userId: string, eventId: string, grant: RewardGrant) {
  return { user_id: userId, reward_key: grant.reward.key, source_type: grant.sourceType, source_key: grant.sourceKey, event_id: eventId };
}

function rewardRows(events: CommittedEvent[]) {
  return events.flatMap(({ evaluation: { event, rewards } }) => rewards.map((grant) => rewardGrantRow(event.userId, event.id, grant)));
}

function processedRows(events: CommittedEvent[]) {
  return events.map(({ evaluation: { event }, result, contentHash }) => ({
    user_id: event.userId,
    event_id: event.id,
    event_type: event.type,
    result: resultRow(result),
    content_hash: contentHash,
  }));
}

/**
 * A result as `processed_events.result` keeps it: without what the row or the reader already
 * knows (the event id, `duplicate: false`) and without empty lists, which most results are
 * (about 40 % less JSON to write, send and parse per event). `resultFromRow` restores them;
 * results stored whole (before this) read the same.
 */
type StoredResult = Pick<EventResult, 'pointsAwarded' | 'totalPoints' | 'level' | 'coinsAwarded' | 'held'> &
  Partial<Pick<EventResult, 'unlockedAchievements' | 'completedQuests' | 'rewardsGranted'>>;

function resultRow(result: EventResult): StoredResult {
  const row: StoredResult = { pointsAwarded: result.pointsAwarded, totalPoints: result.totalPoints, level: result.level };
  // Listed fields rather than a spread and deletes: this runs for every event.
  if (result.coinsAwarded !== undefined) row.coinsAwarded = result.coinsAwarded;
  if (result.unlockedAchievements.length > 0) row.unlockedAchievements = result.unlockedAchievements;
  if (result.completedQuests.length > 0) row.completedQuests = result.completedQuests;
  if (result.rewardsGranted.length > 0) row.rewardsGranted = result.rewardsGranted;
  if (result.held !== undefined) row.held = result.held;
  return row;
}

/** Only repeats read a stored result back: a rare path. */
function resultFromRow(eventId: string, row: StoredResult): EventResult {
  return {
    ...row,
    eventId,
    duplicate: false,
    unlockedAchievements: row.unlockedAchievements ?? [],
    completedQuests: row.completedQuests ?? [],
    rewardsGranted: row.rewardsGranted ?? [],
  };
}

/** The batch's events as accepted, for the event store (a member's recompute replays them). */
function storedEventRows(events: CommittedEvent[]) {
  return events.map(({ evaluation: { event }, hold }) => {
    const row: Record<string, unknown> = {
      user_id: event.userId,
      event_id: event.id,
      type: event.type,
      journey: event.journey,
      occurred_at: event.timestamp.toISOString(),
      schema_version: event.schemaVersion,
      payload: event.data,
    };
    // Only a held event carries these (the statement defaults the rest to ACCEPTED): the common row stays small, and no spread per event.
    if (hold) {
      row.status = 'HELD';
      row.hold_key = hold.key;
      row.hold_reason = hold.reason;
    }
    return row;
  });
}

/** Which members and keys a batch changed, so only those rows are written (with their final values). */
function touchedByUser(events: CommittedEvent[]): {
  /** Members whose totals (points, level, coins) changed. */
  pointsUsers: Set<string>;
  coinsEarned: boolean;
  achievements: UserKeys;
  quests: UserKeys;
  ruleUsage: UserKeys;
} {
  const pointsUsers = new Set<string>();
  const achievements = new Map<string, Set<string>>();
  const quests = new Map<string, Set<string>>();
  const ruleUsage = new Map<string, Set<string>>();
  let coinsEarned = false;
  const add = (target: Map<string, Set<string>>, userId: string, keys: string[]) => {
    if (keys.length === 0) return;
    const set = target.get(userId) ?? new Set<string>();
    for (const key of keys) set.add(key);
    target.set(userId, set);
  };
  for (const { evaluation } of events) {
    const userId = evaluation.event.userId;
    if (evaluation.pointsAwarded > 0 || evaluation.coinsAwarded > 0) pointsUsers.add(userId);
    if (evaluation.coinsAwarded > 0) coinsEarned = true;
    add(achievements, userId, evaluation.touchedAchievements);
    add(quests, userId, evaluation.touchedQuests);
    add(ruleUsage, userId, evaluation.touchedRuleUsage);
  }
  return { pointsUsers, coinsEarned, achievements: [...achievements], quests: [...quests], ruleUsage: [...ruleUsage] };
}

interface AdjustmentRow {
  user_id: string;
  idempotency_key: string;
  kind: 'points' | 'achievement';
  points_requested: number;
  points_applied: number;
  achievement_key: string | null;
  reason: string;
  principal: string;
  result: Record<string, unknown>;
}

interface ProfileRow {
  user_id: string;
  total_points: number;
  level: number;
  coins: number;
  points_reached_at: string | Date | null;
  time_zone: string | null;
  zone_changed_at: string | Date | null;
  previous_time_zone: string | null;
}
