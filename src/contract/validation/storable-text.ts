import { ValidationError } from '../../errors';

/**
 * Text PostgreSQL can store. It refuses NUL (U+0000) in `text` and in `jsonb` (SQLSTATE 22021,
 * 22P05), and a lone UTF-16 surrogate (U+D800–U+DFFF without its pair) is either refused in
 * `jsonb` (22P02) or silently turned into U+FFFD in `text`, so that two different ids would
 * become one. Both are therefore refused at the contract, with the field named, before
 * anything reaches the database.
 */

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with `text`, or undefined when PostgreSQL can store it as it is. */
export function unstorableTextProblem(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (found === null) return undefined;
  const position = `at character ${found.index + 1}`;
  if (found[0] === '\0') return `contains a NUL character (U+0000) ${position}, which cannot be stored`;
  const codePoint = found[0].charCodeAt(0).toString(16).toUpperCase();
  return `contains a lone surrogate (U+${codePoint}) ${position}: not valid Unicode text, which cannot be stored`;
}

/** The first string at or under `value` (object keys included) PostgreSQL cannot store: its dotted path and problem. */
export function findUnstorableText(value: unknown, path: string): { field: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = unstorableTextProblem(value);
    return problem === undefined ? undefined : { field: path, problem };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableText(value[index], `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = unstorableTextProblem(key);
    if (keyProblem !== undefined) return { field: path, problem: `has a key that ${keyProblem}` };
    const found = findUnstorableText(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Checks that every string at or under `value` can be stored.
 * @throws {ValidationError} naming the field (e.g. `id`, `data.notes`, `data.symptoms.0`)
 */
export function assertStorableText(value: unknown, path: string): void {
  const found = findUnstorableText(value, path);
  if (found) throw new ValidationError(found.field, found.problem);
}
