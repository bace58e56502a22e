import { createHash } from 'node:crypto';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { rulesDocumentSchema, type RulesDocument } from './rules-document';
import { formatRulesPath, RulesFileError, type RulesProblem } from './rules-file-error';

const ENTRY_NAME_FIELD: Record<string, 'id' | 'key'> = {
  rules: 'id',
  achievements: 'key',
  quests: 'key',
  rewards: 'key',
  boosts: 'key',
  streaks: 'key',
  holds: 'key',
};

/** Rules text as read: the checked document, and where in the text a problem found later (compiling it) lies. */
export interface ReadRulesText {
  document: RulesDocument;
  place: (problems: readonly RulesProblem[]) => RulesProblem[];
}

/** Parses rules text (YAML, of which JSON is a subset) and checks its shape. */
export function parseRulesText(text: string, source: string): RulesDocument {
  return readRulesText(text, source).document;
}

/** As `parseRulesText`, keeping the parsed YAML to give each problem its line and column. */
export function readRulesText(text: string, source: string): ReadRulesText {
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter });
  if (yaml.errors.length > 0) {
    throw new RulesFileError(
      source,
      yaml.errors.map((error) => ({
        path: '',
        message: `not valid YAML or JSON: ${error.message.split('\n')[0]}`,
        ...(error.linePos ? { line: error.linePos[0].line, column: error.linePos[0].col } : {}),
      })),
    );
  }
  const raw: unknown = yaml.toJS();
  const place = (problems: readonly RulesProblem[]) => problems.map((problem) => ({ ...problem, ...positionOf(yaml, lineCounter, problem.path) }));
  const parsed = rulesDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RulesFileError(source, place(parsed.error.issues.map((issue) => describeIssue(raw, issue))));
  }
  return { document: parsed.data, place };
}

/** The line and column of the deepest node of the path the text has (a missing field points at its entry). */
function positionOf(yaml: Document, lineCounter: LineCounter, path: string): { line?: number; column?: number } {
  const segments = [...path.matchAll(/[^.[\]]+/g)].map(([segment]) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  for (let length = segments.length; length > 0; length--) {
    const node = yaml.getIn(segments.slice(0, length), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
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

function describeIssue(raw: unknown, issue: z.core.$ZodIssue): RulesProblem {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const [section, index, ...rest] = issue.path;
  const location =
    typeof section === 'string' && typeof index === 'number'
      ? [describeEntry(raw, section, index), rest.map(String).join('.')].filter(Boolean).join(': ')
      : path.join('.') || '(top level)';
  const message = unknownKeys.length ? `unknown field(s) ${unknownKeys.join(', ')}` : issue.message;
  return { path: formatRulesPath(path), message: `${location}: ${message}` };
}
