import { JOURNEYS, type Journey } from '../../contract';
import type { EventPredicate } from './condition';
import type { CompiledAchievement, CompiledBoost, CompiledGoal, CompiledStreak, CompiledStreakMilestone, CompiledTier } from './compiled-game';
import { compileNumberField } from './number-field';
import type { AchievementDefinition, BoostDefinition, RulesDocument, StreakDefinition } from './rules-document';

/** Reports a problem at `section[index]`'s `field`; the caller names the entry. */
export type ReportProblem = (section: string, index: number, field: string, message: string) => void;
export type CompilePredicate = (section: string, index: number, field: string, when: Record<string, unknown> | undefined) => EventPredicate;

const DAYS_IN_PERIOD = { day: 1, week: 7, month: 31 } as const;

/**
 * An achievement in one of its kinds (count, day streak, goal, tiers, named streak), checked
 * field by field. Kinds exclude each other; `repeat` needs a goal, whose period it repeats in.
 */
export function compileAchievement(
  definition: AchievementDefinition,
  index: number,
  streakKeys: ReadonlySet<string>,
  at: ReportProblem,
  predicate: CompilePredicate,
): CompiledAchievement {
  const problem = (field: string, message: string) => at('achievements', index, field, message);
  const { streak, goal, tiers } = definition;
  const kinds = [definition.count !== undefined && 'count', streak !== undefined && 'streak', goal !== undefined && 'goal', tiers !== undefined && 'tiers'].filter(
    Boolean,
  ) as string[];
  if (kinds.length > 1) problem(kinds[1], `use one of count, streak, goal or tiers, not ${kinds.join(' and ')}`);

  const namedStreak = streak?.key !== undefined;
  if (streak) {
    if (namedStreak === (streak.days !== undefined)) problem('streak', 'name either days, or a streak key with a length');
    else if (namedStreak && !streakKeys.has(streak.key!)) problem('streak.key', `unknown streak "${streak.key}"`);
    else if (namedStreak && streak.length === undefined) problem('streak.length', 'required with streak.key');
    else if (!namedStreak && streak.length !== undefined) problem('streak.length', 'only with streak.key (use streak.days)');
  }
  if (namedStreak && definition.event !== undefined) problem('event', "an achievement of a named streak counts that streak's events; leave event out");
  if (!namedStreak && definition.event === undefined) problem('event', 'required (unless streak names a streak)');
  if (namedStreak && definition.when !== undefined) problem('when', 'an achievement of a named streak takes its condition from the streak');

  const compiledGoal = goal ? compileGoal(goal, problem) : undefined;
  if (definition.repeat && !goal) problem('repeat', "needs a goal: it is earned again in each of the goal's periods");
  const compiledTiers = tiers ? compileTiers(tiers, definition, problem) : undefined;

  const kind = compiledTiers ? 'tiers' : compiledGoal ? 'goal' : namedStreak ? 'named-streak' : streak?.days !== undefined ? 'day-streak' : 'count';
  return {
    key: definition.key,
    title: definition.title,
    description: definition.description,
    kind,
    event: definition.event,
    matches: predicate('achievements', index, 'when', definition.when),
    target: compiledTiers?.[compiledTiers.length - 1]?.count ?? compiledGoal?.target ?? streak?.length ?? streak?.days ?? definition.count ?? 1,
    streakDays: streak?.days,
    goal: compiledGoal,
    repeat: definition.repeat ?? false,
    tiers: compiledTiers,
    hidden: definition.hidden ?? false,
    points: definition.points ?? 0,
    coins: definition.coins ?? 0,
    prerequisites: definition.prerequisites ?? [],
    activeFrom: definition.activeFrom,
    activeUntil: definition.activeUntil,
  };
}

function compileGoal(goal: NonNullable<AchievementDefinition['goal']>, problem: (field: string, message: string) => void): CompiledGoal | undefined {
  if (goal.per === undefined) {
    problem('goal.per', 'required: the calendar period the goal is measured in (day, week or month)');
    return undefined;
  }
  if ((goal.sum !== undefined) === (goal.days !== undefined)) {
    problem('goal', 'name either sum (with atLeast) or days');
    return undefined;
  }
  if (goal.sum !== undefined) {
    if (goal.atLeast === undefined) {
      problem('goal.atLeast', 'required with goal.sum');
      return undefined;
    }
    return { per: goal.per, sum: compileNumberField(goal.sum), target: goal.atLeast, unit: 'sum' };
  }
  if (goal.atLeast !== undefined) problem('goal.atLeast', 'only with goal.sum');
  if (goal.days! > DAYS_IN_PERIOD[goal.per]) problem('goal.days', `a ${goal.per} has at most ${DAYS_IN_PERIOD[goal.per]} day(s)`);
  return { per: goal.per, target: goal.days!, unit: 'days' };
}

function compileTiers(
  tiers: NonNullable<AchievementDefinition['tiers']>,
  { points, coins }: AchievementDefinition,
  problem: (field: string, message: string) => void,
): CompiledTier[] {
  if (points !== undefined) problem('points', 'give points per tier (tiers[].points)');
  if (coins !== undefined) problem('coins', 'give coins per tier (tiers[].coins)');
  const names = new Set<string>();
  tiers.forEach((tier, index) => {
    if (index > 0 && tier.count <= tiers[index - 1].count) {
      problem(`tiers[${index}].count`, `tiers must increase (${tier.count} follows ${tiers[index - 1].count})`);
    }
    if (names.has(tier.name)) problem(`tiers[${index}].name`, `duplicate tier "${tier.name}"`);
    names.add(tier.name);
  });
  return tiers.map((tier) => ({ name: tier.name, count: tier.count, points: tier.points ?? 0, coins: tier.coins ?? 0 }));
}

/** A named streak with its milestones: the file's, then those of achievements that name it. */
export function compileStreak(
  definition: StreakDefinition,
  index: number,
  achievements: readonly AchievementDefinition[],
  at: ReportProblem,
  predicate: CompilePredicate,
): CompiledStreak {
  const problem = (field: string, message: string) => at('streaks', index, field, message);
  const freezes = definition.freezes ?? { initial: 0, max: 0 };
  if (freezes.initial > freezes.max) problem('freezes.initial', `at most freezes.max (${freezes.max})`);
  if (freezes.earnEvery !== undefined && freezes.max === 0) problem('freezes.earnEvery', 'freezes.max is 0: no freeze can be held');

  const achievementKeys = new Set(achievements.map((achievement) => achievement.key));
  const milestones: CompiledStreakMilestone[] = [];
  (definition.milestones ?? []).forEach((milestone, milestoneIndex) => {
    const previous = definition.milestones![milestoneIndex - 1];
    if (previous && milestone.length <= previous.length) {
      problem(`milestones[${milestoneIndex}].length`, `milestones must increase (${milestone.length} follows ${previous.length})`);
    }
    if (milestone.achievement !== undefined && !achievementKeys.has(milestone.achievement)) {
      problem(`milestones[${milestoneIndex}].achievement`, `unknown achievement "${milestone.achievement}"`);
    }
    if (milestone.points === undefined && milestone.coins === undefined && milestone.achievement === undefined) {
      problem(`milestones[${milestoneIndex}]`, 'give points, coins, an achievement or several');
    }
    milestones.push({ length: milestone.length, points: milestone.points ?? 0, coins: milestone.coins ?? 0, achievement: milestone.achievement });
  });
  for (const achievement of achievements) {
    if (achievement.streak?.key === definition.key && achievement.streak.length !== undefined) {
      milestones.push({ length: achievement.streak.length, points: 0, coins: 0, achievement: achievement.key });
    }
  }
  milestones.sort((a, b) => a.length - b.length);
  return {
    key: definition.key,
    title: definition.title,
    description: definition.description,
    event: definition.event,
    matches: predicate('streaks', index, 'when', definition.when),
    per: definition.per,
    freezes: { initial: freezes.initial, max: freezes.max, earnEvery: freezes.earnEvery },
    milestones,
  };
}

export function compileBoost(definition: BoostDefinition, index: number, document: RulesDocument, at: ReportProblem): CompiledBoost {
  const problem = (field: string, message: string) => at('boosts', index, field, message);
  if (definition.until <= definition.from) problem('until', 'must be after from');
  if (definition.rules && definition.journeys) problem('journeys', 'name rules or journeys, not both');
  const ruleIds = new Set(document.rules.map((rule) => rule.id));
  for (const rule of definition.rules ?? []) if (!ruleIds.has(rule)) problem('rules', `unknown rule "${rule}"`);
  for (const journey of definition.journeys ?? []) {
    if (!(JOURNEYS as readonly string[]).includes(journey)) problem('journeys', `unknown journey "${journey}" (${JOURNEYS.join(', ')})`);
  }
  return {
    key: definition.key,
    title: definition.title,
    multiplier: definition.multiplier,
    from: definition.from,
    until: definition.until,
    rules: definition.rules,
    journeys: definition.journeys as Journey[] | undefined,
  };
}

/** Does a boost cover a rule (by id, or by the journey of the rule's event)? A boost naming neither covers every rule. */
export function boostCovers(boost: CompiledBoost, ruleId: string, journey: Journey): boolean {
  if (boost.rules) return boost.rules.includes(ruleId);
  if (boost.journeys) return boost.journeys.includes(journey);
  return true;
}
