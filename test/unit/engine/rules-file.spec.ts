import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventType } from '../../../src/contract';
import { compileGame } from '../../../src/engine/rules/compile-game';
import { compileRulesText, DEFAULT_RULES_FILE, loadRulesFile } from '../../../src/engine/rules/load-rules-file';
import { parseRulesText } from '../../../src/engine/rules/parse-rules';
import { RulesFileError } from '../../../src/engine/rules/rules-file-error';

function problemsOf(yaml: string): string[] {
  try {
    compileGame(parseRulesText(yaml, 'rules.yaml'), 'rules.yaml');
  } catch (error) {
    if (error instanceof RulesFileError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  return [];
}

describe('rules file validation', () => {
  it.each([
    ['an unknown event type', `levels: [0]\nrules: [{ id: r1, event: STEP_TAKEN, points: 1 }]`, 'rules[0] (id "r1"): event:'],
    ['negative points', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: -5 }]`, 'rules[0] (id "r1"): points:'],
    ['a fractional point value', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1.5 }]`, 'rules[0] (id "r1"): points:'],
    ['an unknown limit period', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1, limit: { count: 1, per: year } }]`, 'rules[0] (id "r1"): limit.per:'],
    ['a misspelt field', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, pionts: 1 }]`, 'rules[0] (id "r1")'],
    ['a missing rule id', `levels: [0]\nrules: [{ event: DAILY_LOGIN, points: 1 }]`, 'rules[0]: id:'],
    ['a duplicate rule id', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1 }, { id: r1, event: DAILY_LOGIN, points: 2 }]`, 'rules[1] (id "r1"): id: duplicate of rules[0]'],
    ['an unknown condition operator', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1, when: { data.x: { $near: 1 } } }]`, 'rules[0] (id "r1"): when: Unsupported operation: $near'],
    ['a code-running condition', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1, when: { $where: "true" } }]`, 'rules[0] (id "r1"): when: operator $where is not allowed'],
    ['levels not ascending', `levels: [0, 100, 50]`, 'levels[2]: thresholds must be strictly ascending'],
    ['no levels', `rules: []`, 'levels:'],
    ['count and streak together', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, count: 2, streak: { days: 3 } }]`, 'achievements[0] (key "a"): streak: use one of count, streak, goal or tiers, not count and streak'],
    ['an unknown prerequisite', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [b] }]`, 'achievements[0] (key "a"): prerequisites: unknown achievement "b"'],
    ['a self prerequisite', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [a] }]`, 'achievements[0] (key "a"): prerequisites: an achievement cannot require itself'],
    ['a prerequisite cycle', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [b] }, { key: b, title: B, event: DAILY_LOGIN, prerequisites: [a] }]`, 'achievements: prerequisites form a cycle among "a", "b"'],
    ['an inverted active window', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, activeFrom: 2026-02-01T00:00:00Z, activeUntil: 2026-01-01T00:00:00Z }]`, 'achievements[0] (key "a"): activeUntil: must be after activeFrom'],
    ['an unparseable date', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, activeFrom: next tuesday }]`, 'achievements[0] (key "a"): activeFrom: not a date'],
    ['a zero-day streak', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, streak: { days: 0 } }]`, 'achievements[0] (key "a"): streak.days:'],
    ['a quest without steps', `levels: [0]\nquests: [{ key: q, title: Q, steps: [] }]`, 'quests[0] (key "q"): steps:'],
    ['a retraction matching outside the payload', `levels: [0]\nretractions: [{ event: APPOINTMENT_CANCELLED, retracts: APPOINTMENT_BOOKED, match: [userId] }]`, 'retractions[0]: match.0: a field of the payload'],
    ['a hold without a reason', `levels: [0]\nholds: [{ key: h, event: HEALTH_METRIC_RECORDED }]`, 'holds[0] (key "h"): reason:'],
    ['a hold with an unknown operator', `levels: [0]\nholds: [{ key: h, event: HEALTH_METRIC_RECORDED, when: { data.value: { $near: 1 } }, reason: R }]`, 'holds[0] (key "h"): when: Unsupported operation: $near'],
    ['a duplicate hold key', `levels: [0]\nholds: [{ key: h, event: DAILY_LOGIN, reason: R }, { key: h, event: DAILY_LOGIN, reason: R }]`, 'holds[1] (key "h"): key: duplicate of holds[0]'],
    ['a bad quest step condition', `levels: [0]\nquests: [{ key: q, title: Q, steps: [{ event: DAILY_LOGIN }, { event: DAILY_LOGIN, when: { $bogus: 1 } }] }]`, 'quests[0] (key "q"): steps[1].when:'],
    ['an inverted quest window', `levels: [0]\nquests: [{ key: q, title: Q, steps: [{ event: DAILY_LOGIN }], startsAt: 2026-02-01T00:00:00Z, endsAt: 2026-02-01T00:00:00Z }]`, 'quests[0] (key "q"): endsAt: must be after startsAt'],
    ['a reward for nothing', `levels: [0]\nrewards: [{ key: r, title: R }]`, 'rewards[0] (key "r"): achievement: name exactly one of achievement, quest or cost'],
    ['a reward for an unknown quest', `levels: [0]\nrewards: [{ key: r, title: R, quest: nope }]`, 'rewards[0] (key "r"): quest: unknown quest "nope"'],
    ['an unknown top-level section', `levels: [0]\nbadges: []`, 'unknown field(s) badges'],
    ['invalid YAML', `levels: [0\nrules: {`, 'not valid YAML or JSON'],
    // Health programmes
    ['a points formula without per', `levels: [0]\nrules: [{ id: r1, event: HEALTH_METRIC_RECORDED, points: { field: data.value } }]`, 'rules[0] (id "r1"): points'],
    ['a points formula with a zero max', `levels: [0]\nrules: [{ id: r1, event: HEALTH_METRIC_RECORDED, points: { field: data.value, per: 1000, max: 0 } }]`, 'rules[0] (id "r1"): points.max: must be at least 1'],
    ['a limit with neither count nor points', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1, limit: { per: day } }]`, 'rules[0] (id "r1"): limit: name count, points or both'],
    ['a goal without per', `levels: [0]\nachievements: [{ key: g, title: G, event: HEALTH_METRIC_RECORDED, goal: { sum: data.value, atLeast: 10 } }]`, 'achievements[0] (key "g"): goal.per: required'],
    ['a sum goal without atLeast', `levels: [0]\nachievements: [{ key: g, title: G, event: HEALTH_METRIC_RECORDED, goal: { sum: data.value, per: week } }]`, 'achievements[0] (key "g"): goal.atLeast: required with goal.sum'],
    ['a goal of 8 days a week', `levels: [0]\nachievements: [{ key: g, title: G, event: HEALTH_METRIC_RECORDED, goal: { days: 8, per: week } }]`, 'achievements[0] (key "g"): goal.days: a week has at most 7 day(s)'],
    ['repeat without a goal', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, count: 2, repeat: true }]`, 'achievements[0] (key "a"): repeat: needs a goal'],
    ['tiers not increasing', `levels: [0]\nachievements: [{ key: t, title: T, event: DAILY_LOGIN, tiers: [{ name: Bronze, count: 5 }, { name: Silver, count: 5 }] }]`, 'achievements[0] (key "t"): tiers[1].count: tiers must increase (5 follows 5)'],
    ['tiers with a count', `levels: [0]\nachievements: [{ key: t, title: T, event: DAILY_LOGIN, count: 3, tiers: [{ name: Bronze, count: 5 }] }]`, 'achievements[0] (key "t"): tiers: use one of count, streak, goal or tiers'],
    ['an achievement naming an unknown streak', `levels: [0]\nachievements: [{ key: a, title: A, streak: { key: nope, length: 3 } }]`, 'achievements[0] (key "a"): streak.key: unknown streak "nope"'],
    ['an achievement without event', `levels: [0]\nachievements: [{ key: a, title: A }]`, 'achievements[0] (key "a"): event: required'],
    ['a boost with until before from', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1 }]\nboosts: [{ key: b, title: B, multiplier: 2, from: 2027-03-01T00:00:00Z, until: 2027-02-01T00:00:00Z }]`, 'boosts[0] (key "b"): until: must be after from'],
    ['a boost naming an unknown rule', `levels: [0]\nboosts: [{ key: b, title: B, multiplier: 2, from: 2027-02-01T00:00:00Z, until: 2027-03-01T00:00:00Z, rules: [r9] }]`, 'boosts[0] (key "b"): rules: unknown rule "r9"'],
    ['a boost naming an unknown journey', `levels: [0]\nboosts: [{ key: b, title: B, multiplier: 2, from: 2027-02-01T00:00:00Z, until: 2027-03-01T00:00:00Z, journeys: [wellness] }]`, 'boosts[0] (key "b"): journeys: unknown journey "wellness"'],
    ['a zero multiplier', `levels: [0]\nboosts: [{ key: b, title: B, multiplier: 0, from: 2027-02-01T00:00:00Z, until: 2027-03-01T00:00:00Z }]`, 'boosts[0] (key "b"): multiplier:'],
    ['a streak per month', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: month }]`, 'streaks[0] (key "s"): per:'],
    ['a milestone naming an unknown achievement', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: day, milestones: [{ length: 7, achievement: nope }] }]`, 'streaks[0] (key "s"): milestones[0].achievement: unknown achievement "nope"'],
    ['milestones not increasing', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: day, milestones: [{ length: 7, points: 5 }, { length: 3, points: 5 }] }]`, 'streaks[0] (key "s"): milestones[1].length: milestones must increase (3 follows 7)'],
    ['more initial freezes than held', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: day, freezes: { initial: 4, max: 3 } }]`, 'streaks[0] (key "s"): freezes.initial: at most freezes.max (3)'],
    ['a duplicate streak key', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: day }, { key: s, title: S, event: DAILY_LOGIN, per: week }]`, 'streaks[1] (key "s"): key: duplicate of streaks[0]'],
    ['producers for an unknown type', `levels: [0]\nproducers: { STEP_TAKEN: [service] }`, 'producers: unknown field(s) STEP_TAKEN'],
    ['an unknown producer', `levels: [0]\nproducers: { DAILY_LOGIN: [member, robot] }`, 'producers.DAILY_LOGIN.1:'],
    ['producers without service', `levels: [0]\nproducers: { DAILY_LOGIN: [member] }`, 'producers.DAILY_LOGIN: services may send every type: list service'],
    ['an empty producer list', `levels: [0]\nproducers: { DAILY_LOGIN: [] }`, 'producers.DAILY_LOGIN:'],
    // Coins and the catalogue
    ['negative coins on a rule', `levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1, coins: -5 }]`, 'rules[0] (id "r1"): coins:'],
    ['fractional coins on a quest', `levels: [0]\nquests: [{ key: q, title: Q, steps: [{ event: DAILY_LOGIN }], coins: 2.5 }]`, 'quests[0] (key "q"): coins:'],
    ['coins beside tiers', `levels: [0]\nachievements: [{ key: t, title: T, event: DAILY_LOGIN, coins: 5, tiers: [{ name: Bronze, count: 5 }] }]`, 'achievements[0] (key "t"): coins: give coins per tier (tiers[].coins)'],
    ['a milestone with nothing to give', `levels: [0]\nstreaks: [{ key: s, title: S, event: DAILY_LOGIN, per: day, milestones: [{ length: 7 }] }]`, 'streaks[0] (key "s"): milestones[0]: give points, coins, an achievement or several'],
    ['a catalogue item that is also granted', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN }]\nrewards: [{ key: r, title: R, achievement: a, cost: 100 }]`, 'rewards[0] (key "r"): cost: name exactly one of achievement, quest or cost'],
    ['a free catalogue item', `levels: [0]\nrewards: [{ key: r, title: R, cost: 0 }]`, 'rewards[0] (key "r"): cost:'],
    ['stock on a granted reward', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN }]\nrewards: [{ key: r, title: R, achievement: a, stock: 5 }]`, 'rewards[0] (key "r"): stock: only for a catalogue item (a reward with a cost)'],
    ['negative stock', `levels: [0]\nrewards: [{ key: r, title: R, cost: 10, stock: -1 }]`, 'rewards[0] (key "r"): stock:'],
    ['a zero per-member limit', `levels: [0]\nrewards: [{ key: r, title: R, cost: 10, perMember: 0 }]`, 'rewards[0] (key "r"): perMember:'],
    ['an inverted availability window', `levels: [0]\nrewards: [{ key: r, title: R, cost: 10, availableFrom: 2027-02-01T00:00:00Z, availableUntil: 2027-01-01T00:00:00Z }]`, 'rewards[0] (key "r"): availableUntil: must be after availableFrom'],
    ['an expiry of 0 days', `levels: [0]\ncoins: { expireAfterDays: 0 }`, 'coins.expireAfterDays:'],
    ['an unknown coins setting', `levels: [0]\ncoins: { expireAfter: 30 }`, 'coins: unknown field(s) expireAfter'],
  ])('should reject %s, naming the entry and field', (_name, yaml, expected) => {
    expect(problemsOf(yaml).join('\n')).toContain(expected);
  });

  it('should report every problem at once', () => {
    const problems = problemsOf(`levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1 }, { id: r1, event: DAILY_LOGIN, points: 1 }]\nrewards: [{ key: r, title: R, quest: nope }]`);
    expect(problems).toHaveLength(2);
  });

  it('should take the contract\'s producers where the file is silent and the file\'s where it speaks', () => {
    const game = compileGame(
      parseRulesText(`levels: [0]\nproducers: { APPOINTMENT_BOOKED: [member, service], DAILY_LOGIN: [service] }`, 'rules.yaml'),
      'rules.yaml',
    );
    expect([...game.producers.get(EventType.APPOINTMENT_BOOKED)!]).toEqual(['member', 'service']);
    expect([...game.producers.get(EventType.DAILY_LOGIN)!]).toEqual(['service']);
    expect([...game.producers.get(EventType.APPOINTMENT_ATTENDED)!]).toEqual(['service']);
    expect([...game.producers.get(EventType.HEALTH_METRIC_RECORDED)!]).toEqual(['member', 'service']);
  });

  it('should accept JSON as well as YAML', () => {
    expect(problemsOf(JSON.stringify({ levels: [0, 10], rules: [{ id: 'r', event: 'DAILY_LOGIN', points: 1 }] }))).toEqual([]);
  });

  it('should name the file when it cannot be read', async () => {
    await expect(loadRulesFile('/nonexistent/rules.yaml')).rejects.toThrow('Rules file /nonexistent/rules.yaml is invalid:\n  - cannot be read: ENOENT');
  });

  it('should load the shipped default rules', async () => {
    const loaded = await loadRulesFile(DEFAULT_RULES_FILE);
    expect(loaded.game.rules.length).toBeGreaterThan(10);
    expect(loaded.game.achievements.length).toBeGreaterThan(5);
    expect(loaded.game.levels[0]).toBe(0);
  });

  it('should ship a health programme that uses every construct', async () => {
    const { game } = await loadRulesFile(DEFAULT_RULES_FILE);
    const kinds = new Set(game.achievements.map((achievement) => achievement.kind));
    expect(kinds).toEqual(new Set(['count', 'day-streak', 'goal', 'tiers', 'named-streak']));
    expect(game.rules.some((rule) => typeof rule.points !== 'number' && rule.limit?.points !== undefined)).toBe(true);
    expect(game.achievements.some((a) => a.goal?.unit === 'sum' && a.repeat)).toBe(true);
    expect(game.achievements.some((a) => a.goal?.unit === 'days')).toBe(true);
    expect(game.achievements.some((a) => a.hidden)).toBe(true);
    expect(game.boosts.some((boost) => boost.rules)).toBe(true);
    expect(game.boosts.some((boost) => boost.journeys)).toBe(true);
    expect(game.streaks.map((streak) => streak.per).sort()).toEqual(['day', 'week']);
    expect(game.streaks.some((streak) => streak.freezes.earnEvery !== undefined && streak.milestones.some((m) => m.achievement))).toBe(true);
  });

  it.each([
    ['its achievements with their prerequisites, and a quest step', 'HEALTH_METRIC_RECORDED', { achievements: ['a-first', 'b-count', 'c-needs-b', 'd-device'], quests: ['q'] }],
    ['only the achievement whose event it is', 'DEVICE_CONNECTED', { achievements: ['d-device'], quests: [] }],
    ['a quest step alone', 'PROFILE_COMPLETED', { achievements: [], quests: ['q'] }],
    ['nothing for a type no achievement or quest names', 'DAILY_LOGIN', undefined],
  ])('should tell which progress an event reads: %s', (_case, type, expected) => {
    const game = compileGame(
      parseRulesText(
        `levels: [0]
achievements:
  - { key: a-first, title: A, event: HEALTH_METRIC_RECORDED }
  - { key: b-count, title: B, event: HEALTH_METRIC_RECORDED, count: 3 }
  - { key: c-needs-b, title: C, event: HEALTH_METRIC_RECORDED, prerequisites: [b-count, d-device] }
  - { key: d-device, title: D, event: DEVICE_CONNECTED }
quests:
  - { key: q, title: Q, steps: [{ event: PROFILE_COMPLETED }, { event: HEALTH_METRIC_RECORDED, count: 2 }] }`,
        'rules.yaml',
      ),
      'rules.yaml',
    );
    const keys = game.progressKeysByEvent.get(type as never);
    expect(keys && { achievements: [...keys.achievements].sort(), quests: keys.quests }).toEqual(expected);
  });

  it('should give the same content the same rule set id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    const file = path.join(dir, 'rules.yaml');
    writeFileSync(file, 'levels: [0, 10]\n');
    const first = await loadRulesFile(file);
    writeFileSync(file, '# a comment changes nothing\nlevels: [0, 10]\n');
    const second = await loadRulesFile(file);
    writeFileSync(file, 'levels: [0, 20]\n');
    const third = await loadRulesFile(file);
    expect(second.game.id).toBe(first.game.id);
    expect(third.game.id).not.toBe(first.game.id);
  });
});

describe('rules text problems with their place in the text', () => {
  function placedProblems(yaml: string) {
    try {
      compileRulesText(yaml, 'rules.yaml');
    } catch (error) {
      if (error instanceof RulesFileError) return error.problems.map(({ path, line, column }) => ({ path, line, column }));
      throw error;
    }
    return [];
  }

  it.each([
    ['a YAML syntax error', 'levels: [0]\nrules:\n  - { id: r1, event: DAILY_LOGIN, points: 1\n', [{ path: '', line: 4, column: 1 }]],
    ['a shape problem, at its field', 'levels: [0]\nrules:\n  - id: r1\n    event: DAILY_LOGIN\n    points: -1\n', [{ path: 'rules[0].points', line: 5, column: 13 }]],
    ['a missing field, at its entry', 'levels: [0]\nrules:\n  - event: DAILY_LOGIN\n    points: 1\n', [{ path: 'rules[0].id', line: 3, column: 5 }]],
    [
      'a meaning problem (compiling), at its field',
      'levels: [0]\nachievements:\n  - key: a\n    title: A\n    event: DAILY_LOGIN\n    prerequisites: [nope]\n',
      [{ path: 'achievements[0].prerequisites', line: 6, column: 20 }],
    ],
    ['levels out of order, at the level', 'levels:\n  - 0\n  - 50\n  - 10\n', [{ path: 'levels[2]', line: 4, column: 5 }]],
    ['JSON, on its one line', '{"levels": [0], "rules": [{"id": "r", "event": "NOPE", "points": 1}]}', [{ path: 'rules[0].event', line: 1, column: 48 }]],
  ])('should place %s', (_case, yaml, expected) => {
    expect(placedProblems(yaml)).toEqual(expected);
  });
});
