import { z } from 'zod';
import { isEventType, isJourney, journeyOfType, type Journey } from '../contract';
import { ErrorCategory, ValidationError, type GamificationError } from '../errors';
import { UNKNOWN_JOURNEY, type KafkaTopics } from './kafka-topics';
import { decodeBody, type IncomingBody, type IncomingEvent } from './incoming-event';

/**
 * What a dead-letter topic holds (JSON). Exactly one of `originalEvent` (the message as
 * it was sent, when it was JSON) and `originalBytes` (base64 of the message value, when it
 * was not) is present.
 */
export interface DeadLetterMessage {
  originalEvent?: unknown;
  originalBytes?: string;
  error: { message: string; name: string; category: ErrorCategory; stack?: string };
  /** When the event was dead-lettered (ISO 8601). */
  timestamp: string;
  /** Retries before giving up: the policy's retries for transient failures, 0 for invalid events, +1 per re-processing run. */
  retryCount: number;
  /** Where the event was first read from; re-processing keeps it (and with it the event's fallback id). */
  source: { topic: string; partition: number; offset: string };
}

/** A dead letter ready to produce. */
export interface DeadLetter {
  topic: string;
  key: Buffer | null;
  message: DeadLetterMessage;
}

const deadLetterSchema = z.object({
  originalEvent: z.unknown().optional(),
  originalBytes: z.base64().optional(),
  error: z.object({ message: z.string(), name: z.string(), category: z.enum(ErrorCategory), stack: z.string().optional() }),
  timestamp: z.string(),
  retryCount: z.number().int().min(0),
  source: z.object({ topic: z.string().min(1), partition: z.number().int().min(0), offset: z.string().regex(/^\d+$/) }),
});

/**
 * The dead-letter topic of an event: by the journey the event states (or its type implies),
 * else by the journey of the topic it came from, else `unknown.events.dlq`.
 */
export function deadLetterTopicFor(topics: KafkaTopics, body: IncomingBody, sourceTopic: string): string {
  const journey = (body.kind === 'json' ? journeyOfRawEvent(body.event) : undefined) ?? topics.journeyOf(sourceTopic) ?? UNKNOWN_JOURNEY;
  return topics.deadLetter(journey);
}

function journeyOfRawEvent(raw: unknown): Journey | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const { journey, type } = raw as Record<string, unknown>;
  if (isJourney(journey)) return journey;
  return isEventType(type) ? journeyOfType(type) : undefined;
}

/** The dead letter of `event`, which failed with `error` after `retries` retries in this attempt. */
export function deadLetterOf(topics: KafkaTopics, event: IncomingEvent, error: GamificationError, retries: number, now: Date): DeadLetter {
  const original = event.body.kind === 'json' ? { originalEvent: event.body.event } : { originalBytes: event.body.bytes.toString('base64') };
  return {
    topic: deadLetterTopicFor(topics, event.body, event.source.topic),
    key: event.key,
    message: {
      ...original,
      error: { message: error.message, name: error.name, category: error.category, stack: error.stack },
      timestamp: now.toISOString(),
      retryCount: event.retriesSoFar + retries,
      source: { ...event.source },
    },
  };
}

/**
 * Turns a message read from a dead-letter topic back into an event to re-process: its original
 * body and source, one retry more. A message that is not a dead letter at all is re-processed
 * as what it is (and so dead-lettered again), with its own position as source.
 */
export function incomingFromDeadLetter(dlqSource: IncomingEvent['source'], key: Buffer | null, value: Buffer | null): IncomingEvent {
  const letter = parseDeadLetter(value);
  if (letter instanceof ValidationError) return { source: dlqSource, key, body: decodeBody(value), retriesSoFar: 1 };
  const body: IncomingBody = letter.originalBytes !== undefined ? decodeBody(Buffer.from(letter.originalBytes, 'base64')) : { kind: 'json', event: letter.originalEvent };
  return { source: letter.source, key, body, retriesSoFar: letter.retryCount + 1 };
}

/** Parses a dead-letter message; a ValidationError (returned, not thrown) when it is not one. */
export function parseDeadLetter(value: Buffer | null): DeadLetterMessage | ValidationError {
  const body = decodeBody(value);
  if (body.kind === 'malformed') return body.error;
  const parsed = deadLetterSchema.safeParse(body.event);
  if (!parsed.success)
    return new ValidationError('', `not a dead letter: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}`);
  const hasEvent = 'originalEvent' in (body.event as object);
  if (hasEvent === (parsed.data.originalBytes !== undefined)) {
    return new ValidationError('', 'not a dead letter: exactly one of originalEvent and originalBytes must be present');
  }
  return parsed.data;
}
