import { ValidationError } from '../errors';

/** Where a Kafka message was read from; `offset` is kafkajs' decimal string (int64). */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

/** A message's value: parsed JSON (valid or not as an event, the engine decides), or bytes that are not JSON. */
export type IncomingBody = { kind: 'json'; event: unknown } | { kind: 'malformed'; bytes: Buffer; error: ValidationError };

/** One message on its way to the engine, with what dead-lettering it would need. */
export interface IncomingEvent {
  source: MessageSource;
  /** The Kafka key (the userId for well-behaved producers); dead letters keep it. */
  key: Buffer | null;
  body: IncomingBody;
  /** Retries this event already had before this attempt (0 from the event topics; DLQ re-processing adds one per run). */
  retriesSoFar: number;
}

/** Whether the event is re-processed from a dead-letter topic (each run there counts one retry; the event topics none). */
export function isReplay(event: IncomingEvent): boolean {
  return event.retriesSoFar > 0;
}

/**
 * The idempotency key of a message without an `id`: `topic-partition-offset`, the same on
 * every redelivery, so a replay after a crash or rebalance is recognised as a duplicate.
 */
export function fallbackIdOf(source: MessageSource): string {
  return `${source.topic}-${source.partition}-${source.offset}`;
}

/** Parses a message value; bytes that are not JSON (or no value at all) become a VALIDATION failure, never an exception. */
export function decodeBody(value: Buffer | null): IncomingBody {
  const bytes = value ?? Buffer.alloc(0);
  try {
    return { kind: 'json', event: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    // The parser's message quotes the input, which may hold health data: keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const detail = value === null ? 'the message has no value' : `not JSON${position === undefined ? '' : ` (syntax error at position ${position})`}`;
    return { kind: 'malformed', bytes, error: new ValidationError('', detail) };
  }
}

/** A message read from one of the event topics. */
export function decodeMessage(topic: string, partition: number, message: { offset: string; key: Buffer | null; value: Buffer | null }): IncomingEvent {
  return { source: { topic, partition, offset: message.offset }, key: message.key, body: decodeBody(message.value), retriesSoFar: 0 };
}
