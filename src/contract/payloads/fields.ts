import { z } from 'zod';
import { isIsoDateString } from '../iso-date';
import { JOURNEYS } from '../journeys';
import { describeValue } from '../describe-value';

/*
 * Field builders shared by the payload schemas. Each returns a fresh schema so that
 * callers can chain `.optional()` etc. without sharing state.
 */

/** An identifier: a non-empty string of at most 200 characters. */
export const idField = () => z.string().min(1).max(200);

/** A non-empty string. */
export const textField = () => z.string().min(1);

function notIsoDate(input: unknown): string {
  const received = typeof input === 'string' ? JSON.stringify(input) : describeValue(input);
  return `expected an ISO 8601 date string, received ${received}`;
}

/**
 * An ISO 8601 date or date-time string. A `Date` given by an in-process caller is accepted
 * and converted to its ISO string, so the parsed payload always holds a string.
 */
export const isoDateField = () =>
  z.preprocess(
    (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value),
    z.string({ error: (issue) => (issue.input === undefined ? 'is required' : notIsoDate(issue.input)) }).refine(isIsoDateString, { error: (issue) => notIsoDate(issue.input) }),
  );

/** Largest amount, price or target any payload may carry: far above anything real, far below what breaks sums. */
export const MAX_AMOUNT = 1_000_000_000;

/** An amount, price or target: a number from 0 to {@link MAX_AMOUNT}. */
export const nonNegativeNumber = () => z.number().min(0).max(MAX_AMOUNT);

/** A duration in `unit`s of at most one day. */
export const durationWithinDay = (unitsPerDay: number) => z.number().min(0).max(unitsPerDay);

/** A whole number from 0 up to the largest safe integer. */
export const count = () => z.number().int().min(0);

/** A percentage from 0 to 100 inclusive. */
export const percentage = () => z.number().min(0).max(100);

/** A whole-star rating from 1 to 5. */
export const rating = () => z.number().int().min(1).max(5);

/** One of the journeys. */
export const journeyField = () => z.enum(JOURNEYS);

/** A list of at least `min` non-empty strings. */
export const textList = (min: number) => z.array(textField()).min(min);
