import type { Database, SqlExecutor } from '../../platform/database';
import type { EventResult } from '../contract';
import { notificationsFor } from '../notifications/notifications-for';
import { emptyUserState, parseRuleUsageKey, ruleUsageKey, type UserGameState } from '../game/user-state';
import { eventKeyId, type BatchEffects, type CommittedEvent, type EngineSession, type EngineStore, type LoadRequest, type LoadedBatch } from './engine-store';

/** Channel a committed batch with notifications NOTIFYs, to wake outbox relays at once. */
export const OUTBOX_CHANNEL = 'gamification_outbox';

/**
 * The PostgreSQL store. A batch costs a fixed number of statements whatever its size: rows
 * written travel as one JSON array per table (`jsonb_to_recordset`), which PGlite and PostgreSQL
 * both run. Lookups take arrays instead (`= ANY`, `unnest`): the planner sees how many keys there
 * are and uses the primary keys, where a JSON set's default 100-row estimate made it scan whole
 * tables of up to ~50k rows.
 * Members are locked in user_id order, so concurrent batches never deadlock each other.
 */
export class PostgresEngineStore implements EngineStore {
  constructor(private readonly database: Database) {}

  transaction<T>(work: (session: EngineSession) => Promise<T>): Promise<T> {
    return this.database.transaction((tx) => work(new PostgresEngineSession(tx, !this.database.embedded)));
  }
}

class PostgresEngineSession implements EngineSession {
  constructor(
    private readonly tx: SqlExecutor,
    private readonly notifyRelays: boolean,
  ) {}

  async load(request: LoadRequest): Promise<LoadedBatch> {
    const users = [...request.userIds].sort();
    await this.tx.query(
      `INSERT INTO profiles (user_id, level)
       SELECT u, $2 FROM unnest($1::uuid[]) AS t(u) ORDER BY 1
       ON CONFLICT (user_id) DO NOTHING`,
      [users, request.initialLevel],
    );
    const profiles = await this.tx.query<ProfileRow>(
      `SELECT user_id, total_points, level, points_reached_at FROM profiles
       WHERE user_id = ANY($1::uuid[])
       ORDER BY user_id FOR UPDATE`,
      [users],
    );
    const states = new Map<string, UserGameState>();
    for (const row of profiles) {
      states.set(row.user_id, {
        ...emptyUserState(row.user_id, row.level),
        totalPoints: row.total_points,
        pointsReachedAt: row.points_reached_at === null ? null : new Date(row.points_reached_at),
      });
    }
    // One connection runs one statement at a time, so these go in sequence.
    const processed = await this.loadProcessed(request);
    if (request.needsAchievements) await this.loadAchievements(users, states);
    if (request.needsQuests) await this.loadQuests(users, states);
    await this.loadRuleUsage(request.ruleUsageKeys, states);
    return { states, processed };
  }

  async persist({ events, states, committedAt }: BatchEffects): Promise<void> {
    if (events.length === 0) return;
    const touched = touchedByUser(events);
    await this.insertLedger(events);
    await this.updateProfiles(touched.pointsUsers, states);
    await this.upsertAchievements(touched.achievements, states);
    await this.upsertQuests(touched.quests, states);
    await this.upsertRuleUsage(touched.ruleUsage, states);
    await this.insertRewards(events);
    await this.insertProcessed(events);
    await this.insertOutbox(events, committedAt);
  }

  private async loadProcessed(request: LoadRequest): Promise<Map<string, EventResult>> {
    const processed = new Map<string, EventResult>();
    if (request.eventKeys.length === 0) return processed;
    const rows = await this.tx.query<{ user_id: string; event_id: string; result: EventResult }>(
      `SELECT p.user_id, p.event_id, p.result FROM processed_events p
       JOIN unnest($1::uuid[], $2::text[]) AS k(user_id, event_id)
         ON p.user_id = k.user_id AND p.event_id = k.event_id`,
      [request.eventKeys.map((key) => key.userId), request.eventKeys.map((key) => key.eventId)],
    );
    for (const row of rows) processed.set(eventKeyId({ userId: row.user_id, eventId: row.event_id }), row.result);
    return processed;
  }

  private async loadAchievements(users: string[], states: Map<string, UserGameState>): Promise<void> {
    const rows = await this.tx.query<AchievementRow>(
      `SELECT user_id, achievement_key, progress, streak_last_day, unlocked_at FROM user_achievements
       WHERE user_id = ANY($1::uuid[])`,
      [users],
    );
    for (const row of rows) {
      states.get(row.user_id)?.achievements.set(row.achievement_key, {
        progress: row.progress,
        streakLastDay: row.streak_last_day,
        unlockedAt: row.unlocked_at === null ? null : new Date(row.unlocked_at),
      });
    }
  }

  private async loadQuests(users: string[], states: Map<string, UserGameState>): Promise<void> {
    const rows = await this.tx.query<QuestRow>(
      `SELECT user_id, quest_key, step_progress, completed_at FROM user_quests
       WHERE user_id = ANY($1::uuid[])`,
      [users],
    );
    for (const row of rows) {
      states.get(row.user_id)?.quests.set(row.quest_key, {
        stepProgress: row.step_progress,
        completedAt: row.completed_at === null ? null : new Date(row.completed_at),
      });
    }
  }

  private async loadRuleUsage(keysByUser: Map<string, string[]>, states: Map<string, UserGameState>): Promise<void> {
    const keys = [...keysByUser].flatMap(([userId, usageKeys]) => usageKeys.map((key) => ({ userId, ...parseRuleUsageKey(key) })));
    if (keys.length === 0) return;
    const rows = await this.tx.query<{ user_id: string; rule_id: string; period_key: string; uses: number }>(
      `SELECT u.user_id, u.rule_id, u.period_key, u.uses FROM rule_usage u
       JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS k(user_id, rule_id, period_key)
         ON u.user_id = k.user_id AND u.rule_id = k.rule_id AND u.period_key = k.period_key`,
      [keys.map((key) => key.userId), keys.map((key) => key.ruleId), keys.map((key) => key.periodKey)],
    );
    for (const row of rows) states.get(row.user_id)?.ruleUsage.set(ruleUsageKey(row.rule_id, row.period_key), row.uses);
  }

  private insertLedger(events: CommittedEvent[]): Promise<unknown> {
    const rows = events.flatMap(({ evaluation: { event, awards } }) =>
      awards.map((award) => ({
        user_id: event.userId,
        event_id: event.id,
        event_type: event.type,
        journey: event.journey,
        source_type: award.sourceType,
        source_key: award.sourceKey,
        points: award.points,
        occurred_at: event.timestamp.toISOString(),
      })),
    );
    if (rows.length === 0) return Promise.resolve();
    return this.tx.query(
      `INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at)
       SELECT user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, event_id text, event_type text, journey text,
         source_type text, source_key text, points integer, occurred_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  private updateProfiles(userIds: Set<string>, states: ReadonlyMap<string, UserGameState>): Promise<unknown> {
    const users = [...userIds];
    if (users.length === 0) return Promise.resolve();
    const updated = users.map((userId) => states.get(userId)!);
    return this.tx.query(
      `UPDATE profiles p SET total_points = x.total_points, level = x.level,
         points_reached_at = x.points_reached_at, updated_at = now()
       FROM unnest($1::uuid[], $2::integer[], $3::integer[], $4::timestamptz[]) AS x(user_id, total_points, level, points_reached_at)
       WHERE p.user_id = x.user_id`,
      [users, updated.map((state) => state.totalPoints), updated.map((state) => state.level), updated.map((state) => state.pointsReachedAt?.toISOString() ?? null)],
    );
  }

  private upsertAchievements(keys: UserKeys, states: ReadonlyMap<string, UserGameState>): Promise<unknown> {
    const rows = keys.flatMap(([userId, achievementKeys]) =>
      [...achievementKeys].map((key) => {
        const progress = states.get(userId)!.achievements.get(key)!;
        return {
          user_id: userId,
          achievement_key: key,
          progress: progress.progress,
          streak_last_day: progress.streakLastDay,
          unlocked_at: progress.unlockedAt?.toISOString() ?? null,
        };
      }),
    );
    if (rows.length === 0) return Promise.resolve();
    return this.tx.query(
      `INSERT INTO user_achievements (user_id, achievement_key, progress, streak_last_day, unlocked_at)
       SELECT user_id, achievement_key, progress, streak_last_day, unlocked_at FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, achievement_key text, progress integer, streak_last_day text, unlocked_at timestamptz)
       ON CONFLICT (user_id, achievement_key) DO UPDATE SET progress = EXCLUDED.progress,
         streak_last_day = EXCLUDED.streak_last_day, unlocked_at = EXCLUDED.unlocked_at, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private upsertQuests(keys: UserKeys, states: ReadonlyMap<string, UserGameState>): Promise<unknown> {
    const rows = keys.flatMap(([userId, questKeys]) =>
      [...questKeys].map((key) => {
        const progress = states.get(userId)!.quests.get(key)!;
        return {
          user_id: userId,
          quest_key: key,
          step_progress: progress.stepProgress,
          completed_at: progress.completedAt?.toISOString() ?? null,
        };
      }),
    );
    if (rows.length === 0) return Promise.resolve();
    return this.tx.query(
      `INSERT INTO user_quests (user_id, quest_key, step_progress, completed_at)
       SELECT user_id, quest_key, step_progress, completed_at FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, quest_key text, step_progress jsonb, completed_at timestamptz)
       ON CONFLICT (user_id, quest_key) DO UPDATE SET step_progress = EXCLUDED.step_progress,
         completed_at = EXCLUDED.completed_at, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  private upsertRuleUsage(keys: UserKeys, states: ReadonlyMap<string, UserGameState>): Promise<unknown> {
    const rows = keys.flatMap(([userId, usageKeys]) =>
      [...usageKeys].map((key) => ({
        user_id: userId,
        ...snake(parseRuleUsageKey(key)),
        uses: states.get(userId)!.ruleUsage.get(key)!,
      })),
    );
    if (rows.length === 0) return Promise.resolve();
    return this.tx.query(
      `INSERT INTO rule_usage (user_id, rule_id, period_key, uses)
       SELECT user_id, rule_id, period_key, uses FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, rule_id text, period_key text, uses integer)
       ON CONFLICT (user_id, rule_id, period_key) DO UPDATE SET uses = EXCLUDED.uses`,
      [JSON.stringify(rows)],
    );
  }

  private insertRewards(events: CommittedEvent[]): Promise<unknown> {
    const rows = events.flatMap(({ evaluation: { event, rewards } }) =>
      rewards.map((grant) => ({
        user_id: event.userId,
        reward_key: grant.reward.key,
        source_type: grant.sourceType,
        source_key: grant.sourceKey,
        event_id: event.id,
      })),
    );
    if (rows.length === 0) return Promise.resolve();
    return this.tx.query(
      `INSERT INTO user_rewards (user_id, reward_key, source_type, source_key, event_id)
       SELECT user_id, reward_key, source_type, source_key, event_id FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, reward_key text, source_type text, source_key text, event_id text)
       ON CONFLICT (user_id, reward_key) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  private insertProcessed(events: CommittedEvent[]): Promise<unknown> {
    const rows = events.map(({ evaluation: { event }, result }) => ({
      user_id: event.userId,
      event_id: event.id,
      event_type: event.type,
      result,
    }));
    return this.tx.query(
      `INSERT INTO processed_events (user_id, event_id, event_type, result)
       SELECT user_id, event_id, event_type, result FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, event_id text, event_type text, result jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  private async insertOutbox(events: CommittedEvent[], committedAt: Date): Promise<void> {
    const notifications = events.flatMap(({ evaluation }) => notificationsFor(evaluation, committedAt));
    if (notifications.length === 0) return;
    await this.tx.query(
      `INSERT INTO outbox (user_id, kind, event_id, payload)
       SELECT user_id, kind, event_id, payload FROM jsonb_to_recordset($1::jsonb)
         AS x(user_id uuid, kind text, event_id text, payload jsonb)`,
      [JSON.stringify(notifications.map((n) => ({ user_id: n.userId, kind: n.kind, event_id: n.eventId, payload: n.payload })))],
    );
    if (this.notifyRelays) await this.tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}

type UserKeys = [string, Set<string>][];

/** Which members and keys a batch changed, so only those rows are written (with their final values). */
function touchedByUser(events: CommittedEvent[]): {
  pointsUsers: Set<string>;
  achievements: UserKeys;
  quests: UserKeys;
  ruleUsage: UserKeys;
} {
  const pointsUsers = new Set<string>();
  const achievements = new Map<string, Set<string>>();
  const quests = new Map<string, Set<string>>();
  const ruleUsage = new Map<string, Set<string>>();
  const add = (target: Map<string, Set<string>>, userId: string, keys: string[]) => {
    if (keys.length === 0) return;
    const set = target.get(userId) ?? new Set<string>();
    for (const key of keys) set.add(key);
    target.set(userId, set);
  };
  for (const { evaluation } of events) {
    const userId = evaluation.event.userId;
    if (evaluation.pointsAwarded > 0) pointsUsers.add(userId);
    add(achievements, userId, evaluation.touchedAchievements);
    add(quests, userId, evaluation.touchedQuests);
    add(ruleUsage, userId, evaluation.touchedRuleUsage);
  }
  return { pointsUsers, achievements: [...achievements], quests: [...quests], ruleUsage: [...ruleUsage] };
}

interface ProfileRow {
  user_id: string;
  total_points: number;
  level: number;
  points_reached_at: string | Date | null;
}

interface AchievementRow {
  user_id: string;
  achievement_key: string;
  progress: number;
  streak_last_day: string | null;
  unlocked_at: string | Date | null;
}

interface QuestRow {
  user_id: string;
  quest_key: string;
  step_progress: number[];
  completed_at: string | Date | null;
}

function snake(key: { ruleId: string; periodKey: string }): { rule_id: string; period_key: string } {
  return { rule_id: key.ruleId, period_key: key.periodKey };
}
