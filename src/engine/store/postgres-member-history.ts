import type { SqlExecutor } from '../../platform/database';
import type { EventType, Journey } from '../../contract';
import { ruleUsageKey, type GoalPeriod, type UserGameState } from '../game/user-state';
import type { LedgerLineSum } from '../recompute/recompute-member';
import { ledgerLineKey } from '../recompute/recompute-member';
import type { MemberCorrection } from '../recompute/member-correction';
import type { HistoryEntry } from '../recompute/member-history';
import type { StreakState } from '../streaks/streak-state';
import type { CorrectionRecord, MemberHistory, StoredEventQuery, StoredEventRecord, StoredEventStatus } from '../recompute/correction-record';

/**
 * The event store's side of the PostgreSQL store: what a member's recompute reads (their whole
 * state, history and ledger sums, under the lock the caller took) and what a correction writes
 * besides the batch statement (its record, removed rows, coins clawed back from their lots).
 */

interface StoredEventRow {
  user_id: string;
  event_id: string;
  type: string;
  status: StoredEventStatus;
  occurred_at: string | Date;
  purged: boolean;
}

const STORED_EVENT_COLUMNS = `user_id, event_id, type, status, occurred_at, payload IS NULL AS purged`;

function toStoredEvent(row: StoredEventRow): StoredEventRecord {
  return { userId: row.user_id, eventId: row.event_id, type: row.type, status: row.status, occurredAt: new Date(row.occurred_at), purged: row.purged };
}

export async function findStoredEvents(tx: SqlExecutor, eventId: string): Promise<StoredEventRecord[]> {
  const rows = await tx.query<StoredEventRow>(`SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE event_id = $1 ORDER BY user_id`, [eventId]);
  return rows.map(toStoredEvent);
}

export async function findStoredEventsMatching(tx: SqlExecutor, queries: readonly StoredEventQuery[]): Promise<(StoredEventRecord | null)[]> {
  if (queries.length === 0) return [];
  const rows = await tx.query<StoredEventRow & { query: number }>(
    `SELECT q.query, e.* FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS q(user_id, type, payload, query)
     CROSS JOIN LATERAL (
       SELECT ${STORED_EVENT_COLUMNS} FROM events
       WHERE user_id = q.user_id AND type = q.type AND status = 'ACCEPTED' AND payload @> q.payload
       ORDER BY occurred_at DESC, created_at DESC LIMIT 1) AS e`,
    [queries.map((q) => q.userId), queries.map((q) => q.type), queries.map((q) => JSON.stringify(q.payload))],
  );
  const found: (StoredEventRecord | null)[] = queries.map(() => null);
  for (const row of rows) found[Number(row.query) - 1] = toStoredEvent(row);
  return found;
}

export async function markRetracted(tx: SqlExecutor, userId: string, eventIds: readonly string[], retraction: { by: string; reason: string; at: Date }): Promise<void> {
  await tx.query(`UPDATE events SET status = 'RETRACTED', retracted_by = $3, retraction_reason = $4, retracted_at = $5 WHERE user_id = $1 AND event_id = ANY($2::text[])`, [
    userId,
    eventIds,
    retraction.by,
    retraction.reason,
    retraction.at.toISOString(),
  ]);
}

export async function markReviewed(
  tx: SqlExecutor,
  userId: string,
  eventId: string,
  review: { status: 'ACCEPTED' | 'REJECTED'; by: string; note: string | null; at: Date },
): Promise<void> {
  await tx.query(`UPDATE events SET status = $3, reviewed_by = $4, review_note = $5, reviewed_at = $6 WHERE user_id = $1 AND event_id = $2`, [
    userId,
    eventId,
    review.status,
    review.by,
    review.note,
    review.at.toISOString(),
  ]);
}

interface HistoryRow {
  kind: 'achievement' | 'quest' | 'streak' | 'usage' | 'event' | 'points' | 'grant' | 'excuse' | 'zone' | 'line' | 'coins' | 'reward' | 'gaps';
  row: Record<string, unknown>;
}

/** Everything of one member a recompute reads, in one round trip (rows tagged by kind, carried as JSON). */
const LOAD_HISTORY_SQL = `
  SELECT 'achievement' AS kind, jsonb_build_object('key', achievement_key, 'progress', progress, 'streak_last_day', streak_last_day,
    'unlocked_at', unlocked_at, 'times_earned', times_earned, 'goal', goal) AS row FROM user_achievements WHERE user_id = $1
  UNION ALL SELECT 'quest', jsonb_build_object('key', quest_key, 'step_progress', step_progress, 'completed_at', completed_at) FROM user_quests WHERE user_id = $1
  UNION ALL SELECT 'streak', jsonb_build_object('key', streak_key, 'state', state) FROM user_streaks WHERE user_id = $1
  UNION ALL SELECT 'usage', jsonb_build_object('rule_id', rule_id, 'period_key', period_key, 'uses', uses, 'points', points) FROM rule_usage WHERE user_id = $1
  UNION ALL SELECT 'event', jsonb_build_object('id', event_id, 'type', type, 'journey', journey, 'occurred_at', occurred_at,
    'schema_version', schema_version, 'payload', payload, 'created_at', created_at) FROM events WHERE user_id = $1 AND status = 'ACCEPTED' AND payload IS NOT NULL
  UNION ALL SELECT CASE kind WHEN 'points' THEN 'points' ELSE 'grant' END, jsonb_build_object('key', idempotency_key, 'points', points_requested,
    'achievement_key', achievement_key, 'principal', principal, 'at', created_at) FROM manual_adjustments WHERE user_id = $1
  UNION ALL SELECT 'excuse', jsonb_build_object('streak_key', streak_key, 'from', from_period, 'to', to_period, 'at', created_at) FROM streak_excuses WHERE user_id = $1
  UNION ALL SELECT 'zone', jsonb_build_object('time_zone', time_zone, 'at', changed_at) FROM time_zone_changes WHERE user_id = $1
  UNION ALL SELECT 'line', jsonb_build_object('event_id', event_id, 'event_type', min(event_type), 'journey', min(journey), 'occurred_at', min(occurred_at),
    'source', source, 'points', sum(points)) FROM (
      SELECT event_id, event_type, journey, occurred_at, points,
        CASE source_type WHEN 'correction' THEN source_key ELSE source_type || ':' || source_key END AS source
      FROM points_ledger WHERE user_id = $1) AS lines GROUP BY event_id, source
  UNION ALL SELECT 'coins', jsonb_build_object('event_id', event_id, 'amount', sum(amount)) FROM coin_ledger
    WHERE user_id = $1 AND reason IN ('EARNED', 'CORRECTED') GROUP BY event_id
  UNION ALL SELECT 'reward', jsonb_build_object('key', reward_key) FROM user_rewards WHERE user_id = $1
  UNION ALL SELECT 'gaps', jsonb_build_object(
    'unstored', (SELECT count(*) FROM processed_events p WHERE p.user_id = $1
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = p.user_id AND e.event_id = p.event_id)),
    'purged_through', (SELECT events_purged_through FROM profiles WHERE user_id = $1),
    'dropped_before', (SELECT dropped.until FROM (
        SELECT (max(month) AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC' AS until FROM month_partition_drops
        WHERE table_name IN ('events', 'points_ledger')) AS dropped
      WHERE EXISTS (SELECT 1 FROM processed_events p WHERE p.user_id = $1 AND p.processed_at < dropped.until)))`;

/**
 * Reads a member's whole state into `state` (totals already there, from the lock) and their
 * replayable history. Ledger lines are summed by event and source, a correction's lines counted
 * under the source they corrected.
 */
export async function loadMemberHistory(tx: SqlExecutor, state: UserGameState): Promise<MemberHistory> {
  const userId = state.userId;
  const rows = await tx.query<HistoryRow>(LOAD_HISTORY_SQL, [userId]);
  const entries: HistoryEntry[] = [];
  const lines = new Map<string, LedgerLineSum>();
  const coinsByEvent = new Map<string, number>();
  const rewards = new Set<string>();
  let incomplete: string | null = null;
  const date = (value: unknown) => new Date(value as string);
  for (const { kind, row } of rows) {
    switch (kind) {
      case 'achievement':
        state.achievements.set(row.key as string, {
          progress: row.progress as number,
          streakLastDay: (row.streak_last_day as string | null) ?? null,
          unlockedAt: row.unlocked_at == null ? null : date(row.unlocked_at),
          timesEarned: row.times_earned as number,
          goal: (row.goal as GoalPeriod[] | null) ?? null,
        });
        break;
      case 'quest':
        state.quests.set(row.key as string, { stepProgress: row.step_progress as number[], completedAt: row.completed_at == null ? null : date(row.completed_at) });
        break;
      case 'streak':
        state.streaks.set(row.key as string, row.state as StreakState);
        break;
      case 'usage':
        state.ruleUsage.set(ruleUsageKey(row.rule_id as string, row.period_key as string), { uses: row.uses as number, points: row.points as number });
        break;
      case 'event':
        entries.push({
          kind: 'event',
          event: {
            id: row.id as string,
            userId,
            type: row.type as EventType,
            journey: row.journey as Journey,
            timestamp: date(row.occurred_at),
            data: row.payload as never,
            schemaVersion: row.schema_version as string,
          },
          processedAt: date(row.created_at),
        });
        break;
      case 'points':
        entries.push({ kind: 'points', id: `manual:${row.key as string}`, points: row.points as number, principal: row.principal as string, at: date(row.at) });
        break;
      case 'grant':
        entries.push({ kind: 'grant', id: `manual:${row.key as string}`, achievementKey: row.achievement_key as string, principal: row.principal as string, at: date(row.at) });
        break;
      case 'excuse':
        entries.push({ kind: 'excuse', streakKey: row.streak_key as string, from: row.from as string, to: row.to as string, at: date(row.at) });
        break;
      case 'zone':
        entries.push({ kind: 'zone', timeZone: row.time_zone as string, at: date(row.at) });
        break;
      case 'line': {
        const line: LedgerLineSum = {
          eventId: row.event_id as string,
          eventType: row.event_type as string,
          journey: row.journey as string,
          occurredAt: date(row.occurred_at),
          source: row.source as string,
          points: Number(row.points),
        };
        lines.set(ledgerLineKey(line.eventId, line.source), line);
        break;
      }
      case 'coins':
        coinsByEvent.set(row.event_id as string, Number(row.amount));
        break;
      case 'reward':
        rewards.add(row.key as string);
        break;
      case 'gaps':
        if (row.purged_through != null) incomplete = `the member's events up to ${date(row.purged_through).toISOString()} are past EVENT_RETENTION_DAYS and were purged`;
        else if (row.dropped_before != null)
          incomplete = `the member's events (or their ledger lines) accepted before ${date(row.dropped_before).toISOString()} are past their retention and were dropped with their months`;
        else if (Number(row.unstored) > 0) incomplete = `${Number(row.unstored)} of the member's events were processed before the event store kept them`;
        break;
    }
  }
  return { current: { state, lines, coinsByEvent, rewards }, entries, incomplete };
}

interface CorrectionRow {
  user_id: string;
  id: string;
  idempotency_key: string;
  cause: CorrectionRecord['cause'];
  event_id: string | null;
  reason: string;
  principal: string;
  points_delta: number;
  total_points: number;
  level: number;
  coins_delta: number;
  achievements_revoked: string[];
  achievements_gained: string[];
  quests_revoked: string[];
  rewards_revoked: string[];
  created_at: string | Date;
}

export function toCorrectionRecord(row: CorrectionRow): CorrectionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    cause: row.cause,
    eventId: row.event_id,
    reason: row.reason,
    principal: row.principal,
    pointsDelta: row.points_delta,
    totalPoints: row.total_points,
    level: row.level,
    coinsDelta: row.coins_delta,
    achievementsRevoked: row.achievements_revoked,
    achievementsGained: row.achievements_gained,
    questsRevoked: row.quests_revoked,
    rewardsRevoked: row.rewards_revoked,
    createdAt: new Date(row.created_at),
  };
}

export async function findCorrection(tx: SqlExecutor, userId: string, by: { idempotencyKey: string } | { retractedEventId: string }): Promise<CorrectionRecord | null> {
  const [row] =
    'idempotencyKey' in by
      ? await tx.query<CorrectionRow>(`SELECT * FROM corrections WHERE user_id = $1 AND idempotency_key = $2`, [userId, by.idempotencyKey])
      : await tx.query<CorrectionRow>(`SELECT * FROM corrections WHERE user_id = $1 AND cause = 'RETRACTION' AND event_id = $2 ORDER BY created_at LIMIT 1`, [
          userId,
          by.retractedEventId,
        ]);
  return row ? toCorrectionRecord(row) : null;
}

/**
 * A correction's own record, the rows nothing is left of (progress, rule usage, streaks,
 * rewards), and the coins clawed back taken out of the lots they were credited to (oldest first),
 * so an expiry never takes them a second time; the balance moves in the batch statement.
 */
export async function writeCorrectionRecord(tx: SqlExecutor, record: CorrectionRecord, correction: MemberCorrection): Promise<void> {
  const usage = correction.ruleUsage.remove.map((key) => key.split('\u0000'));
  await tx.query(
    `WITH correction AS (
       INSERT INTO corrections (user_id, id, idempotency_key, cause, event_id, reason, principal, points_delta, total_points, level, coins_delta,
         achievements_revoked, achievements_gained, quests_revoked, rewards_revoked, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, $15::jsonb, $16)
     ), achievements AS (
       DELETE FROM user_achievements WHERE user_id = $1 AND achievement_key = ANY($17::text[])
     ), quests AS (
       DELETE FROM user_quests WHERE user_id = $1 AND quest_key = ANY($18::text[])
     ), streaks AS (
       DELETE FROM user_streaks WHERE user_id = $1 AND streak_key = ANY($19::text[])
     ), usage AS (
       DELETE FROM rule_usage u USING unnest($20::text[], $21::text[]) AS x(rule_id, period_key)
       WHERE u.user_id = $1 AND u.rule_id = x.rule_id AND u.period_key = x.period_key
     ), rewards AS (
       DELETE FROM user_rewards WHERE user_id = $1 AND reward_key = ANY($22::text[])
     ), clawed AS (
       SELECT x.event_id, -x.amount AS take FROM jsonb_to_recordset($23::jsonb) AS x(event_id text, amount integer) WHERE x.amount < 0
     ), lots AS (
       SELECT c.id, c.remaining, clawed.take,
         coalesce(sum(c.remaining) OVER (PARTITION BY c.event_id ORDER BY c.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
       FROM coin_ledger c JOIN clawed ON clawed.event_id = c.event_id
       WHERE c.user_id = $1 AND c.remaining > 0 AND c.reason IN ('EARNED', 'CORRECTED')
     )
     UPDATE coin_ledger c SET remaining = c.remaining - least(c.remaining, greatest(0, lots.take - lots.before))
     FROM lots WHERE c.user_id = $1 AND c.id = lots.id AND lots.take > lots.before`,
    [
      record.userId,
      record.id,
      record.idempotencyKey,
      record.cause,
      record.eventId,
      record.reason,
      record.principal,
      record.pointsDelta,
      record.totalPoints,
      record.level,
      record.coinsDelta,
      JSON.stringify(record.achievementsRevoked),
      JSON.stringify(record.achievementsGained),
      JSON.stringify(record.questsRevoked),
      JSON.stringify(record.rewardsRevoked),
      record.createdAt.toISOString(),
      correction.achievements.remove,
      correction.quests.remove,
      correction.streaks.remove,
      usage.map(([ruleId]) => ruleId),
      usage.map(([, periodKey]) => periodKey),
      correction.rewards.revoked,
      JSON.stringify(correction.coinLines),
    ],
  );
}
