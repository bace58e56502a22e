/**
 * The producer kit: what a back end emitting gamification events needs — the event contract
 * (types, payload schemas, validation) and helpers to build valid events and fake results.
 */
export * from '../contract';
export * from './create-test-event';
export * from './mock-gamification-response';
export { DEFAULT_PAYLOADS } from './default-payloads';
export type { DefaultPayloadFactories } from './default-payloads';
