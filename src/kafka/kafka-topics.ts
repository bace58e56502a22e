import { JOURNEYS, isJourney, type Journey } from '../contract';

/** Where a dead letter goes when neither the event nor its topic names a journey. */
export const UNKNOWN_JOURNEY = 'unknown' as const;

export type DeadLetterJourney = Journey | typeof UNKNOWN_JOURNEY;

/**
 * The topic names of one deployment: `<prefix><journey>.events` carry events (key = userId),
 * `<prefix><journey>.events.dlq` their dead letters, plus `<prefix>unknown.events.dlq`.
 */
export class KafkaTopics {
  constructor(readonly prefix: string) {}

  /** The four event topics the worker consumes. */
  get sources(): string[] {
    return JOURNEYS.map((journey) => this.source(journey));
  }

  /** Every dead-letter topic, the unknown one last. */
  get deadLetters(): string[] {
    return [...JOURNEYS, UNKNOWN_JOURNEY].map((journey: DeadLetterJourney) => this.deadLetter(journey));
  }

  source(journey: Journey): string {
    return `${this.prefix}${journey}.events`;
  }

  deadLetter(journey: DeadLetterJourney): string {
    return `${this.prefix}${journey}.events.dlq`;
  }

  /** The journey an event or dead-letter topic of this deployment belongs to, if any. */
  journeyOf(topic: string): Journey | undefined {
    if (!topic.startsWith(this.prefix)) return undefined;
    const match = /^([a-z]+)\.events(?:\.dlq)?$/.exec(topic.slice(this.prefix.length));
    return match && isJourney(match[1]) ? match[1] : undefined;
  }

  /** Whether `name` is one of this deployment's dead-letter topics. */
  isDeadLetter(name: string): boolean {
    return this.deadLetters.includes(name);
  }
}
