import { createHash } from 'node:crypto';
import type { GamificationEvent } from './base-event';

/**
 * The content of an accepted event as one string: JSON with every object's keys in code-point
 * order at any depth, `Date`s as ISO 8601, `undefined` members left out. Two events that mean the
 * same (however their producers ordered the keys or spelled the time) give the same string.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The fingerprint kept with a processed event (sha256 of its {@link canonicalJson}, base64url):
 * a repeat of its id with the same fingerprint is a duplicate, with another one a conflict. Taken
 * of the event as accepted (normalised member id and timestamp, payload upgraded to the current
 * schema version), so that a retry of the same event is never mistaken for a conflict. When the
 * door stamped the time (a GraphQL call without `timestamp`), `stampedTime` leaves the time out:
 * a retry's stamp differs although the producer stated nothing else.
 */
export function contentHashOf(event: GamificationEvent, options: { stampedTime?: boolean } = {}): string {
  return createHash('sha256')
    .update(canonicalJson(options.stampedTime ? { ...event, timestamp: undefined } : event))
    .digest('base64url');
}
