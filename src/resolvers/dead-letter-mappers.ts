import { ValidationError } from '../contract';
import type { DeadLetterCount, DeadLetterPosition, PendingDeadLetter } from '../dead-letters/dead-letter-desk';
import type { DeadLetter, DeadLetterTopicCount } from '../schema/types/dead-letter.type';

export function toTopicCount(count: DeadLetterCount): DeadLetterTopicCount {
  return { topic: count.topic, held: Number(count.held), pending: Number(count.pending) };
}

/** `partition@offset` within the topic the page reads. */
export function parseDeadLetterCursor(topic: string, cursor: string): DeadLetterPosition {
  const match = /^(\d{1,6})@(\d{1,19})$/.exec(cursor);
  if (!match) throw new ValidationError('after', `must be a letter's cursor (partition@offset), received "${cursor}"`);
  return { topic, partition: Number(match[1]), offset: BigInt(match[2]) };
}

export function toDeadLetter({ topic, partition, offset, letter }: PendingDeadLetter): DeadLetter {
  const position = { topic, partition, offset: String(offset), cursor: `${partition}@${offset}` };
  if (letter instanceof ValidationError) {
    return { ...position, errorCategory: null, errorMessage: letter.message, retryCount: null, deadLetteredAt: null, source: null, originalEvent: null, originalBytes: null };
  }
  return {
    ...position,
    errorCategory: letter.error.category,
    errorMessage: letter.error.message,
    retryCount: letter.retryCount,
    deadLetteredAt: new Date(letter.timestamp),
    source: `${letter.source.topic}[${letter.source.partition}]@${letter.source.offset}`,
    originalEvent: letter.originalBytes === undefined ? (letter.originalEvent ?? null) : null,
    originalBytes: letter.originalBytes === undefined ? null : Buffer.from(letter.originalBytes, 'base64').length,
  };
}
