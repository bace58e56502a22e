import { parseEvent, ParseEventOptions, ValidationError } from '../../../src/contract';

/** Runs `parseEvent` and returns the ValidationError it throws; fails the test if it does not throw one. */
export function rejection(raw: unknown, options?: ParseEventOptions): ValidationError {
  try {
    parseEvent(raw, options);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected parseEvent to throw a ValidationError');
}
