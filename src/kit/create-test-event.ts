import { randomUUID } from 'node:crypto';
import { BaseEvent, EventPayloadMap, EventType, journeyOfType } from '../contract';
import { DEFAULT_PAYLOADS } from './default-payloads';

/** Overrides accepted by {@link createTestEvent}: any envelope field, and a partial payload. */
export type TestEventOverrides<T extends EventType> = Partial<Omit<BaseEvent, 'data'>> & {
  /** Merged over the default payload; set a field to `undefined` to send it as missing. */
  data?: Partial<EventPayloadMap[T]>;
};

/**
 * Builds a valid raw event of `type`, ready for `parseEvent`, `recordEvent` or a Kafka topic:
 * a random UUID `userId`, a unique `id`, `timestamp` = now (ISO), the type's journey and a
 * realistic payload. Envelope `overrides` replace fields (one set to `undefined` is sent as
 * missing); `overrides.data` is merged into the default payload.
 *
 * @example
 * createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { value: 12000 } })
 */
export function createTestEvent<T extends EventType>(type: T, overrides: TestEventOverrides<T> = {}): BaseEvent {
  const { data: dataOverrides, ...envelope } = overrides;
  const now = new Date();
  const defaults: Record<string, unknown> = DEFAULT_PAYLOADS[type](now);
  return {
    id: randomUUID(),
    type,
    userId: randomUUID(),
    timestamp: now.toISOString(),
    journey: journeyOfType(type),
    ...envelope,
    data: { ...defaults, ...dataOverrides },
  };
}
