/** One thing wrong with a rules document. */
export interface RulesProblem {
  /** Where, as a path into the document (`achievements[2].prerequisites`); empty for the document as a whole. */
  path: string;
  /** What is wrong, naming the entry the way a person finds it: `achievements[2] (key "walk"): prerequisites: unknown achievement "x"`. */
  message: string;
  /** 1-based line and column in the text, where the YAML parser can place the path (absent for a document compiled from data). */
  line?: number;
  column?: number;
}

/** A rules file that cannot be used; the message names the file, the entry and the field. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';

  constructor(
    readonly source: string,
    readonly problems: readonly RulesProblem[],
  ) {
    super(`Rules file ${source} is invalid:\n${problems.map((problem) => `  - ${problem.line ? `line ${problem.line}: ` : ''}${problem.message}`).join('\n')}`);
  }
}

/** `["achievements", 2, "prerequisites"]` → `achievements[2].prerequisites`. */
export function formatRulesPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}
