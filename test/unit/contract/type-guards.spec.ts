import {
  AnyGamificationEvent,
  EVENT_TYPES,
  EventType,
  GamificationEvent,
  isCareEvent,
  isEventOfType,
  isHealthEvent,
  isPlanEvent,
  isUserEvent,
  Journey,
  journeyOfType,
  parseEvent,
} from '../../../src/contract';
import { createTestEvent } from '../../../src/kit';

const GUARDS: ReadonlyArray<readonly [string, (event: GamificationEvent) => boolean, Journey]> = [
  [isHealthEvent.name, isHealthEvent, 'health'],
  [isCareEvent.name, isCareEvent, 'care'],
  [isPlanEvent.name, isPlanEvent, 'plan'],
  [isUserEvent.name, isUserEvent, 'user'],
];

const CASES = GUARDS.flatMap(([name, guard, journey]) =>
  EVENT_TYPES.map((type) => [name, type, journeyOfType(type) === journey, guard] as const),
);

describe('journey type guards', () => {
  it.each(CASES)('%s should say %s belongs to its journey: %p', (_name, type, expected, guard) => {
    expect(guard(parseEvent(createTestEvent(type)))).toBe(expected);
  });
});

describe(isEventOfType.name, () => {
  it.each(EVENT_TYPES)('should recognise an event of type %s', (type) => {
    const event = parseEvent(createTestEvent(type));
    expect(isEventOfType(event, type)).toBe(true);
    const other = EVENT_TYPES.find((candidate) => candidate !== type) as EventType;
    expect(isEventOfType(event, other)).toBe(false);
  });

  it('should narrow the payload type', () => {
    const event = parseEvent(createTestEvent(EventType.HEALTH_METRIC_RECORDED, { data: { value: 72 } }));
    if (!isEventOfType(event, EventType.HEALTH_METRIC_RECORDED)) throw new Error('expected a health metric');
    const value: number = event.data.value;
    const unit: string = event.data.unit;
    expect([value, unit]).toEqual([72, 'steps']);
  });

  it('should let a discriminated union narrow on type', () => {
    const event = parseEvent(createTestEvent(EventType.PROVIDER_RATED, { data: { rating: 3 } })) as AnyGamificationEvent;
    let rating = 0;
    switch (event.type) {
      case EventType.PROVIDER_RATED:
        rating = event.data.rating;
        break;
      default:
        break;
    }
    expect(rating).toBe(3);
  });

  it('should narrow a journey guard to that journey\'s types', () => {
    const event = parseEvent(createTestEvent(EventType.CLAIM_APPROVED));
    if (!isPlanEvent(event)) throw new Error('expected a plan event');
    const planTypes: readonly string[] = [
      EventType.PLAN_SELECTED, EventType.PLAN_PURCHASED, EventType.CLAIM_SUBMITTED, EventType.CLAIM_APPROVED,
      EventType.BENEFIT_USED, EventType.DOCUMENT_UPLOADED, EventType.COVERAGE_CHECKED, EventType.PLAN_RENEWED,
      EventType.PLAN_COMPARED,
    ];
    expect(planTypes).toContain(event.type);
  });
});
