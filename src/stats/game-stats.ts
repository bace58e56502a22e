import { isEventType, journeyOfType } from '../contract';
import { ValidationError } from '../errors';
import type { GameSource } from '../engine/gamification-engine';
import type { SqlExecutor } from '../platform/database';
import type { DeadLetterCount } from '../dead-letters/dead-letter-desk';

/** Events committed in one minute through one journey (`manual` for awards and grants by hand). */
export interface MinuteCount {
  minute: Date;
  journey: string;
  events: number;
}

export interface AchievementCount {
  key: string;
  title: string;
  unlocked: number;
}

export interface GameStatsView {
  windowMinutes: number;
  perMinute: MinuteCount[];
  outcomes: {
    processed: number;
    awarded: number;
    pointsAwarded: number;
    /** Committed events a plausibility hold kept for review (counted in processed, whatever their review said since). */
    held: number;
    duplicate: number;
    rejected: number;
    dropped: number;
    deadLetteredPending: number | null;
  };
  topAchievementsToday: AchievementCount[];
  /** Per dead-letter topic; null when no Kafka is configured (nothing is ever dead-lettered then). */
  deadLetters: DeadLetterCount[] | null;
  rulesVersion: { id: string; loadedAt: Date };
}

export const MAX_STATS_WINDOW_MINUTES = 24 * 60;

/**
 * The admin console's overview, read from PostgreSQL (and the Kafka broker for dead letters),
 * so every API node answers the same: events committed per minute and journey, what they
 * awarded or held, today's most unlocked achievements (the day in TIMEZONE), and the rules in force.
 */
export class GameStats {
  constructor(
    private readonly database: SqlExecutor,
    private readonly game: GameSource,
    private readonly options: { timeZone: string; deadLetterCounts?: () => Promise<DeadLetterCount[]> },
  ) {}

  async stats(windowMinutes: number): Promise<GameStatsView> {
    if (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > MAX_STATS_WINDOW_MINUTES) {
      throw new ValidationError('windowMinutes', `must be an integer from 1 to ${MAX_STATS_WINDOW_MINUTES}, received ${windowMinutes}`);
    }
    const [minutes, achievements, rules, deadLetters, uncommitted] = await Promise.all([
      this.database.query<{ minute: Date; event_type: string; events: string; awarded: string; points: string; held: string }>(
        `SELECT date_trunc('minute', processed_at) AS minute, event_type, count(*) AS events,
                count(*) FILTER (WHERE (result->>'pointsAwarded')::int > 0) AS awarded,
                coalesce(sum((result->>'pointsAwarded')::int), 0) AS points,
                count(*) FILTER (WHERE result->>'held' = 'true') AS held
           FROM processed_events
          WHERE processed_at >= now() - make_interval(mins => $1)
          GROUP BY 1, 2 ORDER BY 1`,
        [windowMinutes],
      ),
      this.database.query<{ achievement_key: string; unlocked: string }>(
        `SELECT achievement_key, count(*) AS unlocked FROM user_achievements
          WHERE unlocked_at IS NOT NULL AND unlocked_at >= (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1)
          GROUP BY achievement_key ORDER BY unlocked DESC, achievement_key LIMIT 10`,
        [this.options.timeZone],
      ),
      this.database.query<{ hash: string; published_at: Date }>('SELECT hash, published_at FROM rule_versions WHERE id = (SELECT version_id FROM rule_version_in_force)'),
      this.options.deadLetterCounts?.() ?? Promise.resolve(null),
      this.database.query<{ outcome: string; events: string }>(
        `SELECT outcome, sum(events) AS events FROM event_outcome_minutes
          WHERE minute >= date_trunc('minute', now() - make_interval(mins => $1)) GROUP BY outcome`,
        [windowMinutes],
      ),
    ]);
    const uncommittedCount = (outcome: string) => Number(uncommitted.find((row) => row.outcome === outcome)?.events ?? 0);
    const perMinute = new Map<string, MinuteCount>();
    let processed = 0;
    let awarded = 0;
    let pointsAwarded = 0;
    let held = 0;
    for (const row of minutes) {
      const journey = isEventType(row.event_type) ? journeyOfType(row.event_type) : 'manual';
      const minute = new Date(row.minute);
      const key = `${minute.toISOString()}|${journey}`;
      const entry = perMinute.get(key) ?? { minute, journey, events: 0 };
      entry.events += Number(row.events);
      perMinute.set(key, entry);
      processed += Number(row.events);
      awarded += Number(row.awarded);
      pointsAwarded += Number(row.points);
      held += Number(row.held);
    }
    const titles = new Map(this.game().achievements.map((achievement) => [achievement.key, achievement.title]));
    return {
      windowMinutes,
      perMinute: [...perMinute.values()],
      outcomes: {
        processed,
        awarded,
        pointsAwarded,
        held,
        duplicate: uncommittedCount('duplicate'),
        rejected: uncommittedCount('rejected'),
        dropped: uncommittedCount('dropped'),
        deadLetteredPending: deadLetters ? deadLetters.reduce((total, count) => total + Number(count.pending), 0) : null,
      },
      topAchievementsToday: achievements.map((row) => ({
        key: row.achievement_key,
        title: titles.get(row.achievement_key) ?? row.achievement_key,
        unlocked: Number(row.unlocked),
      })),
      deadLetters,
      rulesVersion: { id: rules[0]?.hash ?? this.game().id, loadedAt: rules[0] ? new Date(rules[0].published_at) : new Date(0) },
    };
  }
}
