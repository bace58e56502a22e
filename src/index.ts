/**
 * The package's entry point for producers: the event contract (types, payload schemas,
 * validators, type guards) and the kit that builds valid events and fake results.
 * `import { EventType, createTestEvent } from 'health-gamification-engine'`.
 */
export * from './kit';
