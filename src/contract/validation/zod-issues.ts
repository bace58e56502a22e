import { z } from 'zod';
import type { ValidationIssue } from '../../errors';
import { describeValue } from '../describe-value';

type RawIssue = z.core.$ZodRawIssue;

function sizeMessage(origin: unknown, bound: unknown, inclusive: boolean | undefined, direction: 'min' | 'max'): string {
  const n = String(bound);
  if (origin === 'string' && direction === 'min' && bound === 1) return 'must not be empty';
  if (origin === 'string') return `must have ${direction === 'min' ? 'at least' : 'at most'} ${n} characters`;
  if (origin === 'array' || origin === 'set') return `must have ${direction === 'min' ? 'at least' : 'at most'} ${n} items`;
  if (direction === 'min') return `must be ${inclusive === false ? 'greater than' : 'at least'} ${n}`;
  return `must be ${inclusive === false ? 'less than' : 'at most'} ${n}`;
}

/**
 * Per-parse zod error map producing short messages without the field name (the field is
 * added from the issue path): `is required`, `expected number, received string`,
 * `expected one of A, B, received "C"`, `must be at least 1`... Returns `undefined` for
 * issues it has no wording for, so that zod's default applies.
 */
export function zodIssueMessage(issue: RawIssue): string | undefined {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return 'is required';
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `expected an integer, received ${describeValue(issue.input)}`;
      return `expected ${issue.expected}, received ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}, received ${JSON.stringify(issue.input) ?? describeValue(issue.input)}`;
    case 'too_small':
      return sizeMessage(issue.origin, issue.minimum, issue.inclusive, 'min');
    case 'too_big':
      return sizeMessage(issue.origin, issue.maximum, issue.inclusive, 'max');
    default:
      return undefined;
  }
}

/** Joins a zod issue path onto a field prefix: `data` + `['symptoms', 0]` → `data.symptoms.0`. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter((part) => part !== '').join('.');
}

/** Converts zod issues into {@link ValidationIssue}s whose fields are prefixed with `prefix`. */
export function toValidationIssues(error: z.ZodError, prefix: string): ValidationIssue[] {
  return error.issues.map((issue) => ({ field: joinPath(prefix, issue.path), message: issue.message }));
}
