import type { PreparedSql, SqlExecutor } from '../../platform/database';
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

type HistoryKind = 'achievement' | 'quest' | 'streak' | 'usage' | 'event' | 'points' | 'grant' | 'excuse' | 'zone' | 'line' | 'coins' | 'reward' | 'gaps';

/** A member's rows, tagged by kind, as one JSON document: the driver parses one value a member instead of ~58 rows. */
interface MemberHistoryRows {
  user_id: string;
  rows: [HistoryKind, Record<string, unknown>][];
}

/**
 * Everything of several members a recompute reads, in one round trip: a JSON array a member of
 * rows tagged by kind (every member has at least the profile's row). Each member's rows are read
 * by a subquery correlated with the member's id, so every table is probed through its user_id
 * index member by member, whatever the planner's statistics say (a join over the whole id set
 * could scan whole tables when row estimates are off: never-analysed tables, autovacuum off).
 * Whether the history is whole comes from the profile (events processed before the event store
 * are counted there by their migration); the member's processed events are only looked at once a
 * month has been dropped.
 */
const LOAD_HISTORIES_SQL: PreparedSql = {
  name: 'recompute-load-histories',
  text: `
  SELECT m.user_id, (SELECT json_agg(json_build_array(h.kind, h.row)) FROM (
    SELECT 'achievement' AS kind, json_build_object('key', achievement_key, 'progress', progress, 'streak_last_day', streak_last_day,
      'unlocked_at', unlocked_at, 'times_earned', times_earned, 'goal', goal) AS row FROM user_achievements WHERE user_id = m.user_id
    UNION ALL SELECT 'quest', json_build_object('key', quest_key, 'step_progress', step_progress, 'completed_at', completed_at) FROM user_quests WHERE user_id = m.user_id
    UNION ALL SELECT 'streak', json_build_object('key', streak_key, 'state', state) FROM user_streaks WHERE user_id = m.user_id
    UNION ALL SELECT 'usage', json_build_object('rule_id', rule_id, 'period_key', period_key, 'uses', uses, 'points', points) FROM rule_usage WHERE user_id = m.user_id
    UNION ALL SELECT 'event', json_build_object('id', event_id, 'type', type, 'journey', journey, 'occurred_at', occurred_at,
      'schema_version', schema_version, 'payload', payload, 'created_at', created_at) FROM events WHERE user_id = m.user_id AND status = 'ACCEPTED' AND payload IS NOT NULL
    UNION ALL SELECT CASE kind WHEN 'points' THEN 'points' ELSE 'grant' END, json_build_object('key', idempotency_key, 'points', points_requested,
      'achievement_key', achievement_key, 'principal', principal, 'at', created_at) FROM manual_adjustments WHERE user_id = m.user_id
    UNION ALL SELECT 'excuse', json_build_object('streak_key', streak_key, 'from', from_period, 'to', to_period, 'at', created_at) FROM streak_excuses WHERE user_id = m.user_id
    UNION ALL SELECT 'zone', json_build_object('time_zone', time_zone, 'at', changed_at) FROM time_zone_changes WHERE user_id = m.user_id
    UNION ALL SELECT 'line', json_build_object('event_id', event_id, 'event_type', min(event_type), 'journey', min(journey), 'occurred_at', min(occurred_at),
      'source', source, 'points', sum(points)) FROM (
        SELECT event_id, event_type, journey, occurred_at, points,
          CASE source_type WHEN 'correction' THEN source_key ELSE source_type || ':' || source_key END AS source
        FROM points_ledger WHERE user_id = m.user_id) AS lines GROUP BY event_id, source
    UNION ALL SELECT 'coins', json_build_object('event_id', event_id, 'amount', sum(amount)) FROM coin_ledger
      WHERE user_id = m.user_id AND reason IN ('EARNED', 'CORRECTED') GROUP BY event_id
    UNION ALL SELECT 'reward', json_build_object('key', reward_key) FROM user_rewards WHERE user_id = m.user_id
    UNION ALL SELECT 'gaps', json_build_object(
      'unstored', profile.unstored_events,
      'purged_through', profile.events_purged_through,
      'dropped_before', (SELECT dropped.until FROM (
          SELECT (max(month) AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC' AS until FROM month_partition_drops
          WHERE table_name IN ('events', 'points_ledger')) AS dropped
        WHERE dropped.until IS NOT NULL AND EXISTS (SELECT 1 FROM processed_events p WHERE p.user_id = m.user_id AND p.processed_at < dropped.until)))
      FROM profiles profile WHERE profile.user_id = m.user_id
  ) AS h) AS rows FROM unnest($1::uuid[]) AS m(user_id)`,
};

/**
 * Reads the whole state of each member into their `states` entry (totals already there, from the
 * lock) and their replayable history, by member. Ledger lines are summed by event and source, a
 * correction's lines counted under the source they corrected.
 */
export async function loadMemberHistories(tx: SqlExecutor, states: ReadonlyMap<string, UserGameState>): Promise<Map<string, MemberHistory>> {
  const readings = new Map<string, HistoryReading>();
  for (const [userId, state] of states) readings.set(userId, { state, entries: [], lines: new Map(), coinsByEvent: new Map(), rewards: new Set(), incomplete: null });
  for (const member of await tx.query<MemberHistoryRows>(LOAD_HISTORIES_SQL, [[...states.keys()]])) {
    const reading = readings.get(member.user_id)!;
    for (const [kind, row] of member.rows) readHistoryRow(reading, kind, row);
  }
  const histories = new Map<string, MemberHistory>();
  for (const [userId, { state, entries, lines, coinsByEvent, rewards, incomplete }] of readings) {
    histories.set(userId, { current: { state, lines, coinsByEvent, rewards }, entries, incomplete });
  }
  return histories;
}

/** A member's history as its rows are read. */
interface HistoryReading {
  state: UserGameState;
  entries: HistoryEntry[];
  lines: Map<string, LedgerLineSum>;
  coinsByEvent: Map<string, number>;
  rewards: Set<string>;
  incomplete: string | null;
}

function readHistoryRow(history: HistoryReading, kind: HistoryKind, row: Record<string, unknown>): void {
  const { state, lines } = history;
  const date = (value: unknown) => new Date(value as string);
  switch (kind) {
    case 'achievement':
      state.achievements.set(row.key as string, {
        progress: row.progress as number,
        streakLastDay: (row.streak_last_day as string | null) ?? null,
        unlockedAt: row.unlocked_at == null ? null : date(row.unlocked_at),
        timesEarned: row.times_earned as number,
        goal: (row.goal as GoalPeriod[] | null) ?? null,
      });
      return;
    case 'quest':
      state.quests.set(row.key as string, { stepProgress: row.step_progress as number[], completedAt: row.completed_at == null ? null : date(row.completed_at) });
      return;
    case 'streak':
      state.streaks.set(row.key as string, row.state as StreakState);
      return;
    case 'usage':
      state.ruleUsage.set(ruleUsageKey(row.rule_id as string, row.period_key as string), { uses: row.uses as number, points: row.points as number });
      return;
    case 'event':
      history.entries.push({
        kind: 'event',
        event: {
          id: row.id as string,
          userId: state.userId,
          type: row.type as EventType,
          journey: row.journey as Journey,
          timestamp: date(row.occurred_at),
          data: row.payload as never,
          schemaVersion: row.schema_version as string,
        },
        processedAt: date(row.created_at),
      });
      return;
    case 'points':
      history.entries.push({ kind: 'points', id: `manual:${row.key as string}`, points: row.points as number, principal: row.principal as string, at: date(row.at) });
      return;
    case 'grant':
      history.entries.push({
        kind: 'grant',
        id: `manual:${row.key as string}`,
        achievementKey: row.achievement_key as string,
        principal: row.principal as string,
        at: date(row.at),
      });
      return;
    case 'excuse':
      history.entries.push({ kind: 'excuse', streakKey: row.streak_key as string, from: row.from as string, to: row.to as string, at: date(row.at) });
      return;
    case 'zone':
      history.entries.push({ kind: 'zone', timeZone: row.time_zone as string, at: date(row.at) });
      return;
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
      return;
    }
    case 'coins':
      history.coinsByEvent.set(row.event_id as string, Number(row.amount));
      return;
    case 'reward':
      history.rewards.add(row.key as string);
      return;
    case 'gaps':
      if (row.purged_through != null) history.incomplete = `the member's events up to ${date(row.purged_through).toISOString()} are past EVENT_RETENTION_DAYS and were purged`;
      else if (row.dropped_before != null)
        history.incomplete = `the member's events (or their ledger lines) accepted before ${date(row.dropped_before).toISOString()} are past their retention and were dropped with their months`;
      else if (Number(row.unstored) > 0) history.incomplete = `${Number(row.unstored)} of the member's events were processed before the event store kept them`;
      return;
  }
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
 * The corrections' own records, the rows nothing is left of (progress, rule usage, streaks,
 * rewards), and the coins clawed back taken out of the lots they were credited to (oldest first),
 * so an expiry never takes them a second time; balances move in the batch statement. One
 * statement for any number of members; each member's lots are probed on their own (LATERAL).
 */
export async function writeCorrectionRecords(tx: SqlExecutor, corrections: readonly { record: CorrectionRecord; correction: MemberCorrection }[]): Promise<void> {
  const removed = (keysOf: (correction: MemberCorrection) => readonly string[]) => {
    const pairs = corrections.flatMap(({ record, correction }) => keysOf(correction).map((key) => [record.userId, key] as const));
    return [pairs.map(([userId]) => userId), pairs.map(([, key]) => key)];
  };
  const usage = corrections.flatMap(({ record, correction }) => correction.ruleUsage.remove.map((key) => [record.userId, ...key.split('\u0000')] as const));
  await tx.query(WRITE_CORRECTION_RECORDS_SQL, [
    JSON.stringify(
      corrections.map(({ record }) => ({
        user_id: record.userId,
        id: record.id,
        idempotency_key: record.idempotencyKey,
        cause: record.cause,
        event_id: record.eventId,
        reason: record.reason,
        principal: record.principal,
        points_delta: record.pointsDelta,
        total_points: record.totalPoints,
        level: record.level,
        coins_delta: record.coinsDelta,
        achievements_revoked: record.achievementsRevoked,
        achievements_gained: record.achievementsGained,
        quests_revoked: record.questsRevoked,
        rewards_revoked: record.rewardsRevoked,
        created_at: record.createdAt.toISOString(),
      })),
    ),
    ...removed((correction) => correction.achievements.remove),
    ...removed((correction) => correction.quests.remove),
    ...removed((correction) => correction.streaks.remove),
    usage.map(([userId]) => userId),
    usage.map(([, ruleId]) => ruleId),
    usage.map(([, , periodKey]) => periodKey),
    ...removed((correction) => correction.rewards.revoked),
    JSON.stringify(corrections.flatMap(({ record, correction }) => correction.coinLines.filter((line) => line.amount < 0).map((line) => ({ user_id: record.userId, ...line })))),
  ]);
}

const WRITE_CORRECTION_RECORDS_SQL: PreparedSql = {
  name: 'recompute-write-correction-records',
  text: `WITH correction AS (
       INSERT INTO corrections (user_id, id, idempotency_key, cause, event_id, reason, principal, points_delta, total_points, level, coins_delta,
         achievements_revoked, achievements_gained, quests_revoked, rewards_revoked, created_at)
       SELECT user_id, id, idempotency_key, cause, event_id, reason, principal, points_delta, total_points, level, coins_delta,
         achievements_revoked, achievements_gained, quests_revoked, rewards_revoked, created_at
       FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, id uuid, idempotency_key text, cause text, event_id text, reason text, principal text,
         points_delta integer, total_points integer, level integer, coins_delta integer, achievements_revoked jsonb, achievements_gained jsonb,
         quests_revoked jsonb, rewards_revoked jsonb, created_at timestamptz)
     ), achievements AS (
       DELETE FROM user_achievements a USING unnest($2::uuid[], $3::text[]) AS x(user_id, key) WHERE a.user_id = x.user_id AND a.achievement_key = x.key
     ), quests AS (
       DELETE FROM user_quests q USING unnest($4::uuid[], $5::text[]) AS x(user_id, key) WHERE q.user_id = x.user_id AND q.quest_key = x.key
     ), streaks AS (
       DELETE FROM user_streaks s USING unnest($6::uuid[], $7::text[]) AS x(user_id, key) WHERE s.user_id = x.user_id AND s.streak_key = x.key
     ), usage AS (
       DELETE FROM rule_usage u USING unnest($8::uuid[], $9::text[], $10::text[]) AS x(user_id, rule_id, period_key)
       WHERE u.user_id = x.user_id AND u.rule_id = x.rule_id AND u.period_key = x.period_key
     ), rewards AS (
       DELETE FROM user_rewards r USING unnest($11::uuid[], $12::text[]) AS x(user_id, key) WHERE r.user_id = x.user_id AND r.reward_key = x.key
     ), lots AS (
       SELECT clawed.user_id, lot.id, lot.before, -clawed.amount AS take
       FROM jsonb_to_recordset($13::jsonb) AS clawed(user_id uuid, event_id text, amount integer) CROSS JOIN LATERAL (
         SELECT c.id, coalesce(sum(c.remaining) OVER (ORDER BY c.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
         FROM coin_ledger c WHERE c.user_id = clawed.user_id AND c.event_id = clawed.event_id AND c.remaining > 0 AND c.reason IN ('EARNED', 'CORRECTED')) AS lot
     )
     UPDATE coin_ledger c SET remaining = c.remaining - least(c.remaining, greatest(0, lots.take - lots.before))
     FROM lots WHERE c.user_id = lots.user_id AND c.id = lots.id AND lots.take > lots.before`,
};
