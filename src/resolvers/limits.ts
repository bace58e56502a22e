import { Extensions } from 'type-graphql';
import { ValidationError } from '../errors';
import { MAX_LIMIT_EXTENSION } from '../platform/limits/operation-cost';

/** Marks a query field's largest `limit`, so that the cost limit charges no more than its resolver serves. */
export function MaxLimit(max: number): MethodDecorator {
  return Extensions({ [MAX_LIMIT_EXTENSION]: max });
}

/** A page size argument within 1..max, else a BAD_USER_INPUT naming the argument. */
export function assertLimit(argument: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(argument, `must be an integer from 1 to ${max}, received ${value}`);
  }
  return value;
}
