import type { PreparedSql, SqlExecutor } from '../../platform/database';
import type { CompiledAchievement, CompiledGame, CompiledQuest, RewardDefinitionView } from '../rules/compiled-game';

export interface ProfileView {
  userId: string;
  totalPoints: number;
  level: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AchievementProgressView {
  achievement: CompiledAchievement;
  progress: number;
  unlockedAt: Date | null;
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
  text: `SELECT user_id, total_points, level, created_at, updated_at FROM profiles WHERE user_id = ANY($1::uuid[])`,
};

/** What a member (or support, or an admin) can read about one member. Reads only; no decisions. */
export class MemberReads {
  constructor(
    private readonly database: SqlExecutor,
    private readonly game: () => CompiledGame,
  ) {}

  async profiles(userIds: readonly string[]): Promise<Map<string, ProfileView>> {
    const rows = await this.database.query<{ user_id: string; total_points: number; level: number; created_at: Date; updated_at: Date }>(PROFILES_SQL, [userIds]);
    return new Map(
      rows.map((row) => [
        row.user_id,
        { userId: row.user_id, totalPoints: row.total_points, level: row.level, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) },
      ]),
    );
  }

  /** Every achievement in force, with the member's progress (0 when none yet), in file order. */
  async achievements(userId: string): Promise<AchievementProgressView[]> {
    const rows = await this.database.query<{ achievement_key: string; progress: number; unlocked_at: Date | null }>(
      `SELECT achievement_key, progress, unlocked_at FROM user_achievements WHERE user_id = $1`,
      [userId],
    );
    const byKey = new Map(rows.map((row) => [row.achievement_key, row]));
    return this.game().achievementsInFileOrder.map((achievement) => {
      const row = byKey.get(achievement.key);
      return {
        achievement,
        progress: Math.min(row?.progress ?? 0, achievement.target),
        unlockedAt: row?.unlocked_at ? new Date(row.unlocked_at) : null,
      };
    });
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
      id: string; event_id: string; event_type: string; journey: string; source_type: string;
      source_key: string; points: number; occurred_at: Date; created_at: Date;
    }>(
      `SELECT id, event_id, event_type, journey, source_type, source_key, points, occurred_at, created_at
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
