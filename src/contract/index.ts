/**
 * The event contract: journeys and event types, payload enums and schemas, the raw and
 * validated event shapes, schema versions and upgrades, validation, and the result of
 * processing an event. Re-exports the typed errors too.
 */
export * from './journeys';
export * from './producers';
export * from './enums';
export * from './payloads';
export * from './base-event';
export * from './iso-date';
export * from './schema-transforms';
export * from './versioning';
export * from './validate-event';
export * from './event-result';
export * from './content-hash';
export * from '../errors';
