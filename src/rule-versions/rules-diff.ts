import { isDeepStrictEqual } from 'node:util';

/** The sections whose entries are compared one by one, with the field that names an entry. */
const KEYED_SECTIONS: Readonly<Record<string, 'id' | 'key'>> = {
  rules: 'id',
  achievements: 'key',
  quests: 'key',
  streaks: 'key',
  boosts: 'key',
  holds: 'key',
  rewards: 'key',
};

export interface SectionDiff {
  section: string;
  added: string[];
  removed: string[];
  changed: string[];
}

/** What a new rules document changes against the one in force. */
export interface RulesDiff {
  /** Keyed sections with at least one entry added, removed or changed (by key), in a fixed order. */
  sections: SectionDiff[];
  /** Other top-level fields that differ (`levels`, `producers`, `coins`…). */
  settings: string[];
}

/**
 * Compares two rules documents as stored (JSON): entries of each keyed section by key, the other
 * top-level fields as a whole. `before` null (nothing in force yet) makes everything added.
 */
export function diffRules(before: Readonly<Record<string, unknown>> | null, after: Readonly<Record<string, unknown>>): RulesDiff {
  const sections: SectionDiff[] = [];
  for (const [section, nameField] of Object.entries(KEYED_SECTIONS)) {
    const was = entriesByName(before?.[section], nameField);
    const is = entriesByName(after[section], nameField);
    const diff: SectionDiff = {
      section,
      added: [...is.keys()].filter((name) => !was.has(name)),
      removed: [...was.keys()].filter((name) => !is.has(name)),
      changed: [...is.keys()].filter((name) => was.has(name) && !isDeepStrictEqual(was.get(name), is.get(name))),
    };
    if (diff.added.length + diff.removed.length + diff.changed.length > 0) sections.push(diff);
  }
  const otherFields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)].filter((field) => !(field in KEYED_SECTIONS)));
  const settings = [...otherFields].filter((field) => !isDeepStrictEqual(before?.[field], after[field])).sort();
  return { sections, settings };
}

function entriesByName(section: unknown, nameField: 'id' | 'key'): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (!Array.isArray(section)) return entries;
  for (const entry of section) {
    const name = (entry as Record<string, unknown> | null)?.[nameField];
    if (typeof name === 'string') entries.set(name, entry);
  }
  return entries;
}
