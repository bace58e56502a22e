import { isJourney, ValidationError } from '../contract';
import { UNKNOWN_JOURNEY, type KafkaTopics } from '../kafka/kafka-topics';

/**
 * Dead-letter topics named by a journey (`health`, `unknown`) or a topic name, with or without
 * the deployment's prefix; every one when none is named. Shared by `npm run dlq` and GraphQL.
 */
export function selectDeadLetterTopics(topics: KafkaTopics, requested: readonly string[] | undefined): string[] {
  if (!requested || requested.length === 0) return topics.deadLetters;
  return requested.map((value) => {
    if (isJourney(value) || value === UNKNOWN_JOURNEY) return topics.deadLetter(value);
    const name = [value, `${topics.prefix}${value}`].find((candidate) => topics.isDeadLetter(candidate));
    if (!name) throw new ValidationError('topic', `"${value}" is not a dead-letter topic (one of: ${topics.deadLetters.join(', ')})`);
    return name;
  });
}
