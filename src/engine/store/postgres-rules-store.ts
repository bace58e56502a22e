import type { SqlExecutor } from '../../platform/database';
import type { CompiledGame } from '../rules/compiled-game';
import type { RulesDocument } from '../rules/rules-document';

/**
 * Makes PostgreSQL's rule tables hold the version being put in force, inside the caller's
 * (publishing) transaction: one row per rule, achievement, quest, reward and level, replaced.
 * Member progress is keyed by achievement/quest key, so it survives a new version.
 */
export async function writeRuleTables(tx: SqlExecutor, { document, game }: { document: RulesDocument; game: CompiledGame }): Promise<void> {
  await tx.query('DELETE FROM points_rules');
  await tx.query('DELETE FROM achievements');
  await tx.query('DELETE FROM quests');
  await tx.query('DELETE FROM rewards');
  await tx.query('DELETE FROM levels');
  await tx.query('DELETE FROM streaks');
  await tx.query('DELETE FROM boosts');
  await insertAll(
    tx,
    'points_rules',
    'id text, event_type text, condition jsonb, points integer, coins integer, limit_count integer, limit_per text, points_formula jsonb, limit_points integer, position integer',
    document.rules.map((rule, position) => ({
      id: rule.id,
      event_type: rule.event,
      condition: rule.when ?? null,
      points: typeof rule.points === 'number' ? rule.points : 0,
      coins: rule.coins ?? 0,
      limit_count: rule.limit?.count ?? null,
      limit_per: rule.limit?.per ?? null,
      points_formula: typeof rule.points === 'number' ? null : rule.points,
      limit_points: rule.limit?.points ?? null,
      position,
    })),
  );
  const achievementByKey = game.achievementByKey;
  await insertAll(
    tx,
    'achievements',
    'key text, title text, description text, event_type text, condition jsonb, target_count integer, streak_days integer, points integer, coins integer, prerequisites jsonb, active_from timestamptz, active_until timestamptz, kind text, definition jsonb, position integer',
    document.achievements.map((a, position) => ({
      key: a.key,
      title: a.title,
      description: a.description ?? null,
      event_type: a.event ?? null,
      condition: a.when ?? null,
      target_count: achievementByKey.get(a.key)?.target ?? 1,
      streak_days: a.streak?.days ?? null,
      points: a.points ?? 0,
      coins: a.coins ?? 0,
      prerequisites: a.prerequisites ?? [],
      active_from: a.activeFrom ?? null,
      active_until: a.activeUntil ?? null,
      kind: achievementByKey.get(a.key)?.kind ?? 'count',
      definition: { goal: a.goal, repeat: a.repeat, tiers: a.tiers, hidden: a.hidden, streak: a.streak?.key ? a.streak : undefined },
      position,
    })),
  );
  await insertAll(
    tx,
    'streaks',
    'key text, title text, description text, event_type text, condition jsonb, per text, definition jsonb, position integer',
    (document.streaks ?? []).map((s, position) => ({
      key: s.key,
      title: s.title,
      description: s.description ?? null,
      event_type: s.event,
      condition: s.when ?? null,
      per: s.per,
      definition: { freezes: s.freezes ?? null, milestones: s.milestones ?? [] },
      position,
    })),
  );
  await insertAll(
    tx,
    'boosts',
    'key text, title text, multiplier double precision, starts_at timestamptz, ends_at timestamptz, rule_ids jsonb, journeys jsonb, position integer',
    (document.boosts ?? []).map((b, position) => ({
      key: b.key,
      title: b.title,
      multiplier: b.multiplier,
      starts_at: b.from,
      ends_at: b.until,
      rule_ids: b.rules ?? null,
      journeys: b.journeys ?? null,
      position,
    })),
  );
  await insertAll(
    tx,
    'quests',
    'key text, title text, description text, steps jsonb, starts_at timestamptz, ends_at timestamptz, points integer, coins integer, position integer',
    document.quests.map((q, position) => ({
      key: q.key,
      title: q.title,
      description: q.description ?? null,
      steps: q.steps.map((step) => ({ event: step.event, when: step.when ?? null, count: step.count ?? 1 })),
      starts_at: q.startsAt ?? null,
      ends_at: q.endsAt ?? null,
      points: q.points ?? 0,
      coins: q.coins ?? 0,
      position,
    })),
  );
  await insertAll(
    tx,
    'rewards',
    'key text, title text, description text, achievement_key text, quest_key text, cost integer, stock integer, per_member integer, available_from timestamptz, available_until timestamptz, position integer',
    document.rewards.map((r, position) => ({
      key: r.key,
      title: r.title,
      description: r.description ?? null,
      achievement_key: r.achievement ?? null,
      quest_key: r.quest ?? null,
      cost: r.cost ?? null,
      stock: r.stock ?? null,
      per_member: r.perMember ?? null,
      available_from: r.availableFrom ?? null,
      available_until: r.availableUntil ?? null,
      position,
    })),
  );
  // The file sets how many there are; what was redeemed stays (a restart or an edit never refills what members took).
  const stocked = document.rewards.filter((r) => r.cost !== undefined && r.stock !== undefined);
  if (stocked.length > 0) {
    await tx.query(
      `INSERT INTO reward_stock (reward_key, stock) SELECT * FROM unnest($1::text[], $2::integer[])
       ON CONFLICT (reward_key) DO UPDATE SET stock = EXCLUDED.stock`,
      [stocked.map((r) => r.key), stocked.map((r) => r.stock)],
    );
  }
  await insertAll(
    tx,
    'levels',
    'level integer, threshold integer',
    document.levels.map((threshold, index) => ({ level: index + 1, threshold })),
  );
}

async function insertAll(tx: SqlExecutor, table: string, columns: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns
    .split(',')
    .map((column) => column.trim().split(' ')[0])
    .join(', ');
  await tx.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`, [JSON.stringify(rows)]);
}
