import { ValidationError } from '../engine/errors';

/** A page size argument within 1..max, else a BAD_USER_INPUT naming the argument. */
export function assertLimit(argument: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(argument, `must be an integer from 1 to ${max}, received ${value}`);
  }
  return value;
}
