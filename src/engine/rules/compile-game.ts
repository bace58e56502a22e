import { eventProducers, journeyOfType, type EventType } from '../../contract';
import { compileAchievement, compileBoost, compileStreak, boostCovers } from './compile-programme';
import { compileCondition, type EventPredicate } from './condition';
import {
  rewardSourceKey,
  type CatalogueItem,
  type CompiledAchievement,
  type CompiledGame,
  type CompiledPointsRule,
  type CompiledQuest,
  type CompiledRetraction,
  type CompiledStreak,
  type ProgressKeys,
  type RewardDefinitionView,
} from './compiled-game';
import { compileNumberField } from './number-field';
import { describeEntry, rulesDocumentHash } from './parse-rules';
import type { RulesDocument } from './rules-document';
import { RulesFileError, type RulesProblem } from './rules-file-error';

/**
 * Checks what the shape cannot (unique keys, references, cycles, windows, conditions) and
 * compiles the document for the engine. Every problem is reported at once, each naming its entry.
 */
export function compileGame(document: RulesDocument, source: string): CompiledGame {
  const problems: RulesProblem[] = [];
  const at = (section: string, index: number, field: string, message: string) =>
    problems.push({ path: `${section}[${index}].${field}`, message: `${describeEntry(document, section, index)}: ${field}: ${message}` });
  const predicate = (section: string, index: number, field: string, when: Record<string, unknown> | undefined) => {
    try {
      return compileCondition(when);
    } catch (error) {
      at(section, index, field, (error as Error).message);
      return (() => false) as EventPredicate;
    }
  };

  checkLevels(document.levels, problems);
  reportDuplicates(
    document,
    'rules',
    document.rules.map((rule) => rule.id),
    'id',
    at,
  );
  reportDuplicates(
    document,
    'achievements',
    document.achievements.map((a) => a.key),
    'key',
    at,
  );
  reportDuplicates(
    document,
    'quests',
    document.quests.map((q) => q.key),
    'key',
    at,
  );
  reportDuplicates(
    document,
    'rewards',
    document.rewards.map((r) => r.key),
    'key',
    at,
  );
  const streakDefinitions = document.streaks ?? [];
  reportDuplicates(
    document,
    'boosts',
    (document.boosts ?? []).map((b) => b.key),
    'key',
    at,
  );
  reportDuplicates(
    document,
    'streaks',
    streakDefinitions.map((s) => s.key),
    'key',
    at,
  );
  reportDuplicates(
    document,
    'holds',
    (document.holds ?? []).map((h) => h.key),
    'key',
    at,
  );
  const holds = (document.holds ?? []).map((definition, index) => ({
    definition,
    compiled: { key: definition.key, reason: definition.reason, matches: predicate('holds', index, 'when', definition.when) },
  }));

  const boosts = (document.boosts ?? []).map((boost, index) => compileBoost(boost, index, document, at));
  const rules: CompiledPointsRule[] = document.rules.map((rule, index) => {
    if (rule.limit && rule.limit.count === undefined && rule.limit.points === undefined) at('rules', index, 'limit', 'name count, points or both');
    const formula = typeof rule.points === 'number' ? undefined : rule.points;
    if (formula?.max !== undefined && formula.max < 1) at('rules', index, 'points.max', 'must be at least 1');
    return {
      id: rule.id,
      event: rule.event,
      matches: predicate('rules', index, 'when', rule.when),
      points: formula ? { field: compileNumberField(formula.field), per: formula.per, max: formula.max } : (rule.points as number),
      coins: rule.coins ?? 0,
      ...(rule.limit ? { limit: rule.limit } : {}),
      boosts: boosts.filter((boost) => boostCovers(boost, rule.id, journeyOfType(rule.event))),
    };
  });

  const achievementKeys = new Set(document.achievements.map((a) => a.key));
  const streakKeys = new Set(streakDefinitions.map((s) => s.key));
  const achievements: CompiledAchievement[] = document.achievements.map((definition, index) => {
    if (definition.activeFrom && definition.activeUntil && definition.activeFrom >= definition.activeUntil) {
      at('achievements', index, 'activeUntil', 'must be after activeFrom');
    }
    for (const prerequisite of definition.prerequisites ?? []) {
      if (prerequisite === definition.key) at('achievements', index, 'prerequisites', 'an achievement cannot require itself');
      else if (!achievementKeys.has(prerequisite)) at('achievements', index, 'prerequisites', `unknown achievement "${prerequisite}"`);
    }
    return compileAchievement(definition, index, streakKeys, at, predicate);
  });
  const streaks: CompiledStreak[] = streakDefinitions.map((definition, index) => compileStreak(definition, index, document.achievements, at, predicate));

  const quests: CompiledQuest[] = document.quests.map((definition, index) => {
    if (definition.startsAt && definition.endsAt && definition.startsAt >= definition.endsAt) {
      at('quests', index, 'endsAt', 'must be after startsAt');
    }
    return {
      key: definition.key,
      title: definition.title,
      description: definition.description,
      steps: definition.steps.map((step, stepIndex) => ({
        event: step.event,
        matches: predicate('quests', index, `steps[${stepIndex}].when`, step.when),
        count: step.count ?? 1,
      })),
      startsAt: definition.startsAt,
      endsAt: definition.endsAt,
      points: definition.points ?? 0,
      coins: definition.coins ?? 0,
    };
  });

  const questKeys = new Set(quests.map((quest) => quest.key));
  const rewards: RewardDefinitionView[] = document.rewards.map((definition, index) => {
    const sources = [definition.achievement, definition.quest, definition.cost].filter((source) => source !== undefined).length;
    if (sources !== 1) {
      at('rewards', index, definition.cost === undefined ? 'achievement' : 'cost', 'name exactly one of achievement, quest or cost (a catalogue item is bought, not granted)');
    } else if (definition.achievement !== undefined && !achievementKeys.has(definition.achievement)) {
      at('rewards', index, 'achievement', `unknown achievement "${definition.achievement}"`);
    } else if (definition.quest !== undefined && !questKeys.has(definition.quest)) {
      at('rewards', index, 'quest', `unknown quest "${definition.quest}"`);
    }
    checkCatalogueFields(definition, (field, message) => at('rewards', index, field, message));
    return { ...definition };
  });

  const ordered = orderByPrerequisites(achievements, problems);
  if (problems.length > 0) throw new RulesFileError(source, problems);

  const achievementsByEvent = groupByEvent(ordered.filter((a): a is CompiledAchievement & { event: EventType } => a.event !== undefined));
  const questsByEvent = groupQuestsByEvent(quests);
  const streaksByEvent = groupByEvent(streaks);
  return {
    id: rulesDocumentHash(document),
    levels: document.levels,
    producers: eventProducers(document.producers),
    rules,
    achievements: ordered,
    achievementsInFileOrder: achievements,
    quests,
    rewards,
    boosts,
    streaks,
    rulesByEvent: groupByEvent(rules),
    achievementsByEvent,
    questsByEvent,
    streaksByEvent,
    progressKeysByEvent: progressKeysByEvent(achievementsByEvent, questsByEvent, streaksByEvent),
    achievementByKey: new Map(ordered.map((a) => [a.key, a])),
    questByKey: new Map(quests.map((q) => [q.key, q])),
    streakByKey: new Map(streaks.map((s) => [s.key, s])),
    rewardsBySource: groupRewards(rewards),
    catalogue: new Map(rewards.filter((reward): reward is CatalogueItem => reward.cost !== undefined).map((item) => [item.key, item])),
    coinExpiryDays: document.coins?.expireAfterDays ?? null,
    retractionsByEvent: groupRetractions(document),
    holdsByEvent: groupByEvent(holds.map(({ definition, compiled }) => ({ ...compiled, event: definition.event }))),
  };
}

function groupRetractions(document: RulesDocument): Map<EventType, CompiledRetraction[]> {
  const byEvent = new Map<EventType, CompiledRetraction[]>();
  for (const { event, retracts, match } of document.retractions ?? []) {
    byEvent.set(event, [...(byEvent.get(event) ?? []), { retracts, match: match.map((path) => path.slice('data.'.length)) }]);
  }
  return byEvent;
}

function checkLevels(levels: readonly number[], problems: RulesProblem[]): void {
  levels.forEach((threshold, index) => {
    if (index > 0 && threshold <= levels[index - 1]) {
      problems.push({ path: `levels[${index}]`, message: `levels[${index}]: thresholds must be strictly ascending (${threshold} follows ${levels[index - 1]})` });
    }
  });
}

function reportDuplicates(
  document: RulesDocument,
  section: string,
  keys: readonly string[],
  field: string,
  at: (section: string, index: number, field: string, message: string) => void,
): void {
  const firstIndex = new Map<string, number>();
  keys.forEach((key, index) => {
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else at(section, index, field, `duplicate of ${describeEntry(document, section, first)}`);
  });
}

/** Topological order (Kahn), stable in file order; a cycle is reported, not looped on. */
function orderByPrerequisites(achievements: CompiledAchievement[], problems: RulesProblem[]): CompiledAchievement[] {
  const byKey = new Map(achievements.map((a) => [a.key, a]));
  const ordered: CompiledAchievement[] = [];
  const placed = new Set<string>();
  let remaining = achievements.filter((a) => a.prerequisites.every((p) => byKey.has(p)));
  while (remaining.length > 0) {
    const ready = remaining.filter((a) => a.prerequisites.every((p) => placed.has(p)));
    if (ready.length === 0) {
      problems.push({ path: 'achievements', message: `achievements: prerequisites form a cycle among ${remaining.map((a) => `"${a.key}"`).join(', ')}` });
      break;
    }
    for (const achievement of ready) {
      ordered.push(achievement);
      placed.add(achievement.key);
    }
    remaining = remaining.filter((a) => !placed.has(a.key));
  }
  return ordered;
}

function groupByEvent<T extends { event: EventType }>(entries: readonly T[]): Map<EventType, T[]> {
  const groups = new Map<EventType, T[]>();
  for (const entry of entries) groups.set(entry.event, [...(groups.get(entry.event) ?? []), entry]);
  return groups;
}

function groupQuestsByEvent(quests: readonly CompiledQuest[]): Map<EventType, CompiledQuest[]> {
  const groups = new Map<EventType, CompiledQuest[]>();
  for (const quest of quests) {
    for (const event of new Set(quest.steps.map((step) => step.event))) {
      groups.set(event, [...(groups.get(event) ?? []), quest]);
    }
  }
  return groups;
}

function progressKeysByEvent(
  achievementsByEvent: ReadonlyMap<EventType, readonly CompiledAchievement[]>,
  questsByEvent: ReadonlyMap<EventType, readonly CompiledQuest[]>,
  streaksByEvent: ReadonlyMap<EventType, readonly CompiledStreak[]>,
): Map<EventType, ProgressKeys> {
  const keys = new Map<EventType, ProgressKeys>();
  for (const type of new Set([...achievementsByEvent.keys(), ...questsByEvent.keys(), ...streaksByEvent.keys()])) {
    const achievements = achievementsByEvent.get(type) ?? [];
    const streaks = streaksByEvent.get(type) ?? [];
    const milestoneAchievements = streaks.flatMap((streak) => streak.milestones.flatMap((m) => (m.achievement ? [m.achievement] : [])));
    keys.set(type, {
      achievements: [...new Set([...achievements.flatMap((achievement) => [achievement.key, ...achievement.prerequisites]), ...milestoneAchievements])],
      quests: (questsByEvent.get(type) ?? []).map((quest) => quest.key),
      streaks: streaks.map((streak) => streak.key),
    });
  }
  return keys;
}

/** Stock, limits and windows belong to catalogue items (rewards with a cost). */
function checkCatalogueFields(definition: RulesDocument['rewards'][number], problem: (field: string, message: string) => void): void {
  if (definition.cost === undefined) {
    for (const field of ['stock', 'perMember', 'availableFrom', 'availableUntil'] as const) {
      if (definition[field] !== undefined) problem(field, 'only for a catalogue item (a reward with a cost)');
    }
  } else if (definition.availableFrom && definition.availableUntil && definition.availableFrom >= definition.availableUntil) {
    problem('availableUntil', 'must be after availableFrom');
  }
}

/** Rewards granted by an achievement or a quest, by their source (catalogue items are bought instead). */
function groupRewards(rewards: readonly RewardDefinitionView[]): Map<string, RewardDefinitionView[]> {
  const groups = new Map<string, RewardDefinitionView[]>();
  for (const reward of rewards) {
    if (reward.cost !== undefined) continue;
    const source = reward.achievement !== undefined ? rewardSourceKey('achievement', reward.achievement) : rewardSourceKey('quest', reward.quest ?? '');
    groups.set(source, [...(groups.get(source) ?? []), reward]);
  }
  return groups;
}
