import sift from 'sift';
import type { GamificationEvent } from '../../contract';

/** A compiled `when` clause: a MongoDB-style query (sift) over the validated event. */
export type EventPredicate = (event: GamificationEvent) => boolean;

const FORBIDDEN_OPERATORS = new Set(['$where', '$function', '$accumulator']);

const matchAll: EventPredicate = () => true;

/**
 * Compiles a condition such as `{ "data.value": { "$gte": 10000 } }`. The event it sees has
 * `id`, `type`, `userId`, `journey`, `timestamp` (a Date) and `data`. Operators that run code
 * are refused so a rules file can never execute anything.
 */
export function compileCondition(condition: Record<string, unknown> | undefined): EventPredicate {
  if (condition === undefined) return matchAll;
  const forbidden = findForbiddenOperator(condition);
  if (forbidden) throw new Error(`operator ${forbidden} is not allowed`);
  const test = sift(condition);
  return (event) => test(event);
}

function findForbiddenOperator(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findForbiddenOperator(item);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [field, nested] of Object.entries(value)) {
    if (FORBIDDEN_OPERATORS.has(field)) return field;
    const found = findForbiddenOperator(nested);
    if (found) return found;
  }
  return undefined;
}
