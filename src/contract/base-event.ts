import type { EventPayloadMap } from './payloads';
import { CareEventType, EventType, HealthEventType, journeyOfType, Journey, PlanEventType, UserEventType } from './journeys';

/** Schema version information a producer may attach to an event. */
export interface EventVersion {
  /** Semantic version of the event schema the producer wrote, e.g. `'1.1.0'`. */
  schemaVersion: string;
  /** Engine schema versions the producer can live with; the engine rejects the event otherwise. */
  compatibility?: { minVersion: string; maxVersion: string };
}

/**
 * An event as a producer sends it (over GraphQL, Kafka or in-process), before validation.
 * {@link parseEvent} turns it into a {@link GamificationEvent}.
 */
export interface BaseEvent {
  /** Producer-chosen unique id (idempotency key); at most 200 characters. */
  id?: string;
  /** One of the {@link EventType} values. */
  type: string;
  /** UUID of the user the event is about. */
  userId: string;
  /** When the action happened: a `Date` or an ISO 8601 string. */
  timestamp: string | Date;
  /** Journey of the event; inferred from `type` when absent, must match it when present. */
  journey?: string;
  /** Type-specific payload. */
  data: Record<string, unknown>;
  /** Schema version of the payload; absent means the current version. */
  version?: EventVersion;
}

/**
 * A validated event: known type, journey consistent with the type, payload valid for the
 * type and upgraded to {@link CURRENT_SCHEMA_VERSION}.
 */
export interface GamificationEvent<T extends EventType = EventType> {
  id?: string;
  type: T;
  userId: string;
  timestamp: Date;
  journey: Journey;
  data: EventPayloadMap[T];
  /** Always the current schema version: payloads are upgraded during validation. */
  schemaVersion: string;
}

/** Discriminated union of the validated events of the types in `T` (narrow with `switch (e.type)`). */
export type EventOfType<T extends EventType> = { [K in T]: GamificationEvent<K> }[T];

/** Any validated event, as a union discriminated by `type`. */
export type AnyGamificationEvent = EventOfType<EventType>;
/** A validated event of the Health journey. */
export type HealthEvent = EventOfType<HealthEventType>;
/** A validated event of the Care journey. */
export type CareEvent = EventOfType<CareEventType>;
/** A validated event of the Plan journey. */
export type PlanEvent = EventOfType<PlanEventType>;
/** A validated account-wide event. */
export type UserEvent = EventOfType<UserEventType>;

/** Whether the event belongs to the Health journey (decided by its type). */
export function isHealthEvent(event: GamificationEvent): event is HealthEvent {
  return journeyOfType(event.type) === 'health';
}

/** Whether the event belongs to the Care journey (decided by its type). */
export function isCareEvent(event: GamificationEvent): event is CareEvent {
  return journeyOfType(event.type) === 'care';
}

/** Whether the event belongs to the Plan journey (decided by its type). */
export function isPlanEvent(event: GamificationEvent): event is PlanEvent {
  return journeyOfType(event.type) === 'plan';
}

/** Whether the event is account-wide (the User journey, decided by its type). */
export function isUserEvent(event: GamificationEvent): event is UserEvent {
  return journeyOfType(event.type) === 'user';
}

/** Whether the event has the given type; narrows `data` to that type's payload. */
export function isEventOfType<T extends EventType>(event: GamificationEvent, type: T): event is GamificationEvent<T> {
  return event.type === type;
}
