import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { rulesDocumentSchema, type RulesDocument } from './rules-document';
import { RulesFileError } from './rules-file-error';

const ENTRY_NAME_FIELD: Record<string, 'id' | 'key'> = {
  rules: 'id',
  achievements: 'key',
  quests: 'key',
  rewards: 'key',
  boosts: 'key',
  streaks: 'key',
};

/** Parses rules text (YAML, of which JSON is a subset) and checks its shape. */
export function parseRulesText(text: string, source: string): RulesDocument {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new RulesFileError(source, [`not valid YAML or JSON: ${(error as Error).message}`]);
  }
  const parsed = rulesDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RulesFileError(source, parsed.error.issues.map((issue) => describeIssue(raw, issue)));
  }
  return parsed.data;
}

/** A stable fingerprint of the document's content, used as the rule set id. */
export function rulesDocumentHash(document: RulesDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);
}

/** Names an entry the way a person finds it in the file: `achievements[2] (key "walker")`. */
export function describeEntry(raw: unknown, section: string, index: number): string {
  const nameField = ENTRY_NAME_FIELD[section];
  const entry = Array.isArray((raw as Record<string, unknown> | null)?.[section])
    ? ((raw as Record<string, unknown[]>)[section][index] as Record<string, unknown> | undefined)
    : undefined;
  const name = nameField && entry && typeof entry[nameField] === 'string' ? ` (${nameField} "${entry[nameField]}")` : '';
  return `${section}[${index}]${name}`;
}

function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const [section, index, ...rest] = issue.path;
  const location =
    typeof section === 'string' && typeof index === 'number'
      ? [describeEntry(raw, section, index), rest.map(String).join('.')].filter(Boolean).join(': ')
      : path.join('.') || '(top level)';
  const message = unknownKeys.length ? `unknown field(s) ${unknownKeys.join(', ')}` : issue.message;
  return `${location}: ${message}`;
}
