import type { PreparedSql, SqlExecutor } from '../../platform/database';
import { memberPeriodOrdinal, periodKeyOf, type MemberZone } from '../calendar/member-calendar';
import { progressOf } from '../game/goal-progress';
import { memberZoneOf, type GoalPeriod } from '../game/user-state';
import type { CompiledAchievement, CompiledGame, CompiledQuest, CompiledStreak, RewardDefinitionView } from '../rules/compiled-game';
import type { StreakState } from '../streaks/streak-state';

export interface ProfileView {
  userId: string;
  totalPoints: number;
  level: number;
  /** The member's own IANA zone; null: the deployment's TIMEZONE. */
  timeZone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AchievementProgressView {
  achievement: CompiledAchievement;
  /** In the achievement's unit: events, days, the goal's sum or days in `periodKey`, or the streak length. */
  progress: number;
  /** What unlocks next: the next tier's count, or the target. */
  target: number;
  unlockedAt: Date | null;
  timesEarned: number;
  tier: string | null;
  nextTier: string | null;
  /** For a goal: the period it is measured in now (in the member's zone). */
  periodKey: string | null;
}

export interface StreakView {
  streak: CompiledStreak;
  current: number;
  longest: number;
  freezesHeld: number;
  frozenPeriods: string[];
  excusedPeriods: string[];
  lastActivePeriod: string | null;
  /** The current period has no activity yet and no freeze is held: missing it breaks the streak. */
  atRisk: boolean;
}

export interface StreakExcuseView {
  id: string;
  streakKey: string;
  from: string;
  to: string;
  reason: string;
  excusedBy: string;
  createdAt: Date;
}

export interface QuestProgressView {
  quest: CompiledQuest;
  stepProgress: number[];
  completedAt: Date | null;
}

export interface LedgerEntryView {
  id: string;
  eventId: string;
  eventType: string;
  journey: string;
  sourceType: string;
  sourceKey: string;
  points: number;
  basePoints: number | null;
  boosts: string[];
  occurredAt: Date;
  createdAt: Date;
}

export interface RewardView {
  reward: RewardDefinitionView;
  sourceType: string;
  sourceKey: string;
  eventId: string;
  grantedAt: Date;
}

/** The most frequent read (every app screen shows it): prepared once per connection. */
const PROFILES_SQL: PreparedSql = {
  name: 'read-profiles',
  text: `SELECT user_id, total_points, level, time_zone, created_at, updated_at FROM profiles WHERE user_id = ANY($1::uuid[])`,
};

/** Profiles by member id, on `sql`. */
export async function readProfiles(sql: SqlExecutor, userIds: readonly string[]): Promise<Map<string, ProfileView>> {
  const rows = await sql.query<{ user_id: string; total_points: number; level: number; time_zone: string | null; created_at: Date; updated_at: Date }>(PROFILES_SQL, [userIds]);
  return new Map(
    rows.map((row) => [
      row.user_id,
      {
        userId: row.user_id,
        totalPoints: row.total_points,
        level: row.level,
        timeZone: row.time_zone,
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
      },
    ]),
  );
}

export interface MemberReadsOptions {
  timeZone: string;
  now?: () => Date;
  /** How profiles are read (e.g. shared by concurrent requests); by default one query of its own each time. */
  profiles?: (userIds: readonly string[]) => Promise<Map<string, ProfileView>>;
}

/** What a member (or support, or an admin) can read about one member. Reads only; no decisions. */
export class MemberReads {
  constructor(
    private readonly database: SqlExecutor,
    private readonly game: () => CompiledGame,
    private readonly options: MemberReadsOptions = { timeZone: 'UTC' },
  ) {}

  profiles(userIds: readonly string[]): Promise<Map<string, ProfileView>> {
    return this.options.profiles ? this.options.profiles(userIds) : readProfiles(this.database, userIds);
  }

  /**
   * Every achievement in force, with the member's progress (0 when none yet), in file order.
   * Hidden achievements are left out until unlocked unless `includeHidden` (admins).
   */
  async achievements(userId: string, includeHidden = true): Promise<AchievementProgressView[]> {
    const [rows, zone] = await Promise.all([
      this.database.query<{ achievement_key: string; progress: number; unlocked_at: Date | null; times_earned: number; goal: GoalPeriod[] | null }>(
        `SELECT achievement_key, progress, unlocked_at, times_earned, goal FROM user_achievements WHERE user_id = $1`,
        [userId],
      ),
      this.zoneOf(userId),
    ]);
    const byKey = new Map(rows.map((row) => [row.achievement_key, row]));
    const now = this.now();
    return this.game()
      .achievementsInFileOrder.map((achievement) => {
        const row = byKey.get(achievement.key);
        const unlockedAt = row?.unlocked_at ? new Date(row.unlocked_at) : null;
        return { ...progressView(achievement, row?.progress ?? 0, row?.goal ?? null, zone, now), achievement, unlockedAt, timesEarned: row?.times_earned ?? 0 };
      })
      .filter((view) => includeHidden || !view.achievement.hidden || view.unlockedAt !== null);
  }

  /** Every named streak in force, with the member's standing (zeros when none yet). */
  async streaks(userId: string): Promise<StreakView[]> {
    const [rows, zone] = await Promise.all([
      this.database.query<{ streak_key: string; state: StreakState }>(`SELECT streak_key, state FROM user_streaks WHERE user_id = $1`, [userId]),
      this.zoneOf(userId),
    ]);
    const byKey = new Map(rows.map((row) => [row.streak_key, row.state]));
    const now = this.now();
    return this.game().streaks.map((streak) => {
      const run = byKey.get(streak.key)?.run;
      const freezesHeld = run?.freezesHeld ?? streak.freezes.initial;
      const current = run?.current ?? 0;
      const today = memberPeriodOrdinal(zone, now, streak.per);
      return {
        streak,
        current,
        longest: run?.longest ?? 0,
        freezesHeld,
        frozenPeriods: (run?.frozen ?? []).map((period) => periodKeyOf(period, streak.per)),
        excusedPeriods: (run?.excused ?? []).map((period) => periodKeyOf(period, streak.per)),
        lastActivePeriod: run?.lastActive == null ? null : periodKeyOf(run.lastActive, streak.per),
        atRisk: current > 0 && run!.lastActive !== today && freezesHeld === 0,
      };
    });
  }

  /** Excused streak periods, newest first: who excused them, when and why. */
  async streakExcuses(userId: string): Promise<StreakExcuseView[]> {
    const rows = await this.database.query<{ id: string; streak_key: string; from_period: string; to_period: string; reason: string; excused_by: string; created_at: Date }>(
      `SELECT id::text AS id, streak_key, from_period, to_period, reason, excused_by, created_at FROM streak_excuses WHERE user_id = $1 ORDER BY id DESC`,
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      streakKey: row.streak_key,
      from: row.from_period,
      to: row.to_period,
      reason: row.reason,
      excusedBy: row.excused_by,
      createdAt: new Date(row.created_at),
    }));
  }

  private async zoneOf(userId: string): Promise<MemberZone> {
    const [row] = await this.database.query<{ time_zone: string | null; zone_changed_at: Date | null; previous_time_zone: string | null }>(
      `SELECT time_zone, zone_changed_at, previous_time_zone FROM profiles WHERE user_id = $1`,
      [userId],
    );
    return memberZoneOf(
      {
        timeZone: row?.time_zone ?? null,
        zoneChange: row?.zone_changed_at ? { at: new Date(row.zone_changed_at), previous: row.previous_time_zone ?? this.options.timeZone } : null,
      },
      this.options.timeZone,
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async quests(userId: string): Promise<QuestProgressView[]> {
    const rows = await this.database.query<{ quest_key: string; step_progress: number[]; completed_at: Date | null }>(
      `SELECT quest_key, step_progress, completed_at FROM user_quests WHERE user_id = $1`,
      [userId],
    );
    const byKey = new Map(rows.map((row) => [row.quest_key, row]));
    return this.game().quests.map((quest) => {
      const row = byKey.get(quest.key);
      return {
        quest,
        stepProgress: quest.steps.map((step, index) => Math.min(row?.step_progress[index] ?? 0, step.count)),
        completedAt: row?.completed_at ? new Date(row.completed_at) : null,
      };
    });
  }

  /** Why a member has their points: ledger lines, newest first. */
  async pointsHistory(userId: string, limit: number): Promise<LedgerEntryView[]> {
    const rows = await this.database.query<{
      id: string;
      event_id: string;
      event_type: string;
      journey: string;
      source_type: string;
      source_key: string;
      points: number;
      base_points: number | null;
      boosts: string[] | null;
      occurred_at: Date;
      created_at: Date;
    }>(
      `SELECT id, event_id, event_type, journey, source_type, source_key, points, base_points, boosts, occurred_at, created_at
       FROM points_ledger WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      eventId: row.event_id,
      eventType: row.event_type,
      journey: row.journey,
      sourceType: row.source_type,
      sourceKey: row.source_key,
      points: row.points,
      basePoints: row.base_points,
      boosts: row.boosts ?? [],
      occurredAt: new Date(row.occurred_at),
      createdAt: new Date(row.created_at),
    }));
  }

  async rewards(userId: string): Promise<RewardView[]> {
    const rows = await this.database.query<{ reward_key: string; source_type: string; source_key: string; event_id: string; granted_at: Date }>(
      `SELECT reward_key, source_type, source_key, event_id, granted_at FROM user_rewards WHERE user_id = $1 ORDER BY granted_at, reward_key`,
      [userId],
    );
    const definitions = new Map(this.game().rewards.map((reward) => [reward.key, reward]));
    return rows.map((row) => ({
      reward: definitions.get(row.reward_key) ?? { key: row.reward_key, title: row.reward_key },
      sourceType: row.source_type,
      sourceKey: row.source_key,
      eventId: row.event_id,
      grantedAt: new Date(row.granted_at),
    }));
  }
}

/** Progress in the achievement's own unit, with its tier and what unlocks next. */
function progressView(
  achievement: CompiledAchievement,
  progress: number,
  goal: GoalPeriod[] | null,
  zone: MemberZone,
  now: Date,
): Pick<AchievementProgressView, 'progress' | 'target' | 'tier' | 'nextTier' | 'periodKey'> {
  if (achievement.goal) {
    const period = memberPeriodOrdinal(zone, now, achievement.goal.per);
    const entry = goal?.find((candidate) => candidate.period === period);
    return {
      progress: entry ? progressOf(entry, achievement.goal) : 0,
      target: achievement.goal.target,
      tier: null,
      nextTier: null,
      periodKey: periodKeyOf(period, achievement.goal.per),
    };
  }
  if (achievement.tiers) {
    const reached = achievement.tiers.filter((tier) => tier.count <= progress);
    const next = achievement.tiers[reached.length];
    return {
      progress: Math.min(progress, achievement.target),
      target: next?.count ?? achievement.target,
      tier: reached[reached.length - 1]?.name ?? null,
      nextTier: next?.name ?? null,
      periodKey: null,
    };
  }
  return { progress: Math.min(progress, achievement.target), target: achievement.target, tier: null, nextTier: null, periodKey: null };
}
