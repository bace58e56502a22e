import { diffRules } from '../../../src/rule-versions/rules-diff';

const walk = { key: 'walk', title: 'Walk', event: 'STEPS_RECORDED', points: 10 };
const run = { key: 'run', title: 'Run', event: 'WORKOUT_COMPLETED', points: 20 };
const login = { id: 'login', event: 'DAILY_LOGIN', points: 5 };

describe(diffRules.name, () => {
  it.each([
    ['nothing when the documents are equal', { levels: [0], achievements: [walk] }, { levels: [0], achievements: [walk] }, { sections: [], settings: [] }],
    [
      'nothing when only the order of fields differs (PostgreSQL reorders JSON keys)',
      { achievements: [walk] },
      { achievements: [{ points: 10, event: 'STEPS_RECORDED', title: 'Walk', key: 'walk' }] },
      { sections: [], settings: [] },
    ],
    [
      'an entry added, removed and changed by key',
      { achievements: [walk, run] },
      {
        achievements: [
          { ...walk, points: 15 },
          { key: 'swim', title: 'Swim', event: 'WORKOUT_COMPLETED' },
        ],
      },
      { sections: [{ section: 'achievements', added: ['swim'], removed: ['run'], changed: ['walk'] }], settings: [] },
    ],
    ['rules by id', { rules: [login] }, { rules: [{ ...login, points: 6 }] }, { sections: [{ section: 'rules', added: [], removed: [], changed: ['login'] }], settings: [] }],
    [
      'sections in a fixed order, only those that changed',
      { rewards: [{ key: 'r', title: 'R' }], quests: [] },
      { quests: [{ key: 'q', title: 'Q', steps: [] }], rewards: [], holds: [{ key: 'h', event: 'X' }] },
      {
        sections: [
          { section: 'quests', added: ['q'], removed: [], changed: [] },
          { section: 'holds', added: ['h'], removed: [], changed: [] },
          { section: 'rewards', added: [], removed: ['r'], changed: [] },
        ],
        settings: [],
      },
    ],
    [
      'other top-level fields by name',
      { levels: [0, 10], coins: { expireAfterDays: 30 } },
      { levels: [0, 20], producers: {} },
      { sections: [], settings: ['coins', 'levels', 'producers'] },
    ],
    [
      'everything added when nothing was in force',
      null,
      { levels: [0], rules: [login] },
      { sections: [{ section: 'rules', added: ['login'], removed: [], changed: [] }], settings: ['levels'] },
    ],
  ])('should report %s', (_case, before, after, expected) => {
    expect(diffRules(before, after)).toEqual(expected);
  });
});
