import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileGame } from '../../../src/engine/rules/compile-game';
import { DEFAULT_RULES_FILE, loadRulesFile } from '../../../src/engine/rules/load-rules-file';
import { parseRulesText } from '../../../src/engine/rules/parse-rules';
import { RulesFileError } from '../../../src/engine/rules/rules-file-error';

function problemsOf(yaml: string): string[] {
  try {
    compileGame(parseRulesText(yaml, 'rules.yaml'), 'rules.yaml');
  } catch (error) {
    if (error instanceof RulesFileError) return [...error.problems];
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
    ['count and streak together', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, count: 2, streak: { days: 3 } }]`, 'achievements[0] (key "a"): streak: use either count or streak'],
    ['an unknown prerequisite', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [b] }]`, 'achievements[0] (key "a"): prerequisites: unknown achievement "b"'],
    ['a self prerequisite', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [a] }]`, 'achievements[0] (key "a"): prerequisites: an achievement cannot require itself'],
    ['a prerequisite cycle', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, prerequisites: [b] }, { key: b, title: B, event: DAILY_LOGIN, prerequisites: [a] }]`, 'achievements: prerequisites form a cycle among "a", "b"'],
    ['an inverted active window', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, activeFrom: 2026-02-01T00:00:00Z, activeUntil: 2026-01-01T00:00:00Z }]`, 'achievements[0] (key "a"): activeUntil: must be after activeFrom'],
    ['an unparseable date', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, activeFrom: next tuesday }]`, 'achievements[0] (key "a"): activeFrom: not a date'],
    ['a zero-day streak', `levels: [0]\nachievements: [{ key: a, title: A, event: DAILY_LOGIN, streak: { days: 0 } }]`, 'achievements[0] (key "a"): streak.days:'],
    ['a quest without steps', `levels: [0]\nquests: [{ key: q, title: Q, steps: [] }]`, 'quests[0] (key "q"): steps:'],
    ['a bad quest step condition', `levels: [0]\nquests: [{ key: q, title: Q, steps: [{ event: DAILY_LOGIN }, { event: DAILY_LOGIN, when: { $bogus: 1 } }] }]`, 'quests[0] (key "q"): steps[1].when:'],
    ['an inverted quest window', `levels: [0]\nquests: [{ key: q, title: Q, steps: [{ event: DAILY_LOGIN }], startsAt: 2026-02-01T00:00:00Z, endsAt: 2026-02-01T00:00:00Z }]`, 'quests[0] (key "q"): endsAt: must be after startsAt'],
    ['a reward for nothing', `levels: [0]\nrewards: [{ key: r, title: R }]`, 'rewards[0] (key "r"): achievement: name exactly one of achievement or quest'],
    ['a reward for an unknown quest', `levels: [0]\nrewards: [{ key: r, title: R, quest: nope }]`, 'rewards[0] (key "r"): quest: unknown quest "nope"'],
    ['an unknown top-level section', `levels: [0]\nbadges: []`, 'unknown field(s) badges'],
    ['invalid YAML', `levels: [0\nrules: {`, 'not valid YAML or JSON'],
  ])('should reject %s, naming the entry and field', (_name, yaml, expected) => {
    expect(problemsOf(yaml).join('\n')).toContain(expected);
  });

  it('should report every problem at once', () => {
    const problems = problemsOf(`levels: [0]\nrules: [{ id: r1, event: DAILY_LOGIN, points: 1 }, { id: r1, event: DAILY_LOGIN, points: 1 }]\nrewards: [{ key: r, title: R, quest: nope }]`);
    expect(problems).toHaveLength(2);
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
