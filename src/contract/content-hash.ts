import { hash } from 'node:crypto';
import type { GamificationEvent } from './base-event';

/**
 * A value as one canonical JSON string: every object's keys in code-point order at any depth,
 * `Date`s as ISO 8601, `undefined` members left out (array items as null). Two values that mean
 * the same, however their producers ordered the keys, give the same string. Written for the hot
 * path (one call per event): string concatenation, no intermediate arrays but the sorted keys.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof Date) return `"${value.toISOString()}"`;
      if (Array.isArray(value)) {
        let out = '[';
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          out += (index > 0 ? ',' : '') + (item === undefined ? 'null' : canonicalJson(item));
        }
        return `${out}]`;
      }
      let out = '{';
      for (const key of Object.keys(value).sort()) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined) out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(item);
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/**
 * The fingerprint kept with a processed event (sha256, base64url): a repeat of its id with the
 * same fingerprint is a duplicate, with another one a conflict. Taken of the event as accepted,
 * so that a retry of the same event is never mistaken for a conflict: its type, journey, schema
 * version, time (as an instant, however it was spelled) and the canonical JSON of its payload
 * (upgraded to the current schema version). The member and the id are the key the fingerprints
 * are compared under, so they are not part of it. When the door stamped the time (a GraphQL call
 * without `timestamp`), `stampedTime` leaves the time out: a retry's stamp differs although the
 * producer stated nothing else.
 */
export function contentHashOf(event: GamificationEvent, options: { stampedTime?: boolean } = {}): string {
  const time = options.stampedTime ? '' : String(event.timestamp.getTime());
  return hash('sha256', `${event.type}\n${event.journey}\n${event.schemaVersion}\n${time}\n${canonicalJson(event.data)}`, 'base64url');
}
