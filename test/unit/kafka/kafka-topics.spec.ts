import { KafkaTopics } from '../../../src/kafka/kafka-topics';

describe(KafkaTopics.name, () => {
  const topics = new KafkaTopics('staging.');

  it('should name the event topics and their dead-letter topics with the prefix', () => {
    expect(topics.sources).toEqual(['staging.health.events', 'staging.care.events', 'staging.plan.events', 'staging.user.events']);
    expect(topics.deadLetters).toEqual([
      'staging.health.events.dlq',
      'staging.care.events.dlq',
      'staging.plan.events.dlq',
      'staging.user.events.dlq',
      'staging.unknown.events.dlq',
    ]);
    expect(new KafkaTopics('').source('care')).toBe('care.events');
  });

  it.each([
    ['staging.plan.events', 'plan'],
    ['staging.user.events.dlq', 'user'],
    ['plan.events', undefined],
    ['staging.unknown.events.dlq', undefined],
    ['staging.billing.events', undefined],
    ['staging.health.events.retry', undefined],
  ])('should tell the journey of %s: %s', (topic, journey) => {
    expect(topics.journeyOf(topic)).toBe(journey);
  });

  it('should recognise only its own dead-letter topics', () => {
    expect(topics.isDeadLetter('staging.unknown.events.dlq')).toBe(true);
    expect(topics.isDeadLetter('health.events.dlq')).toBe(false);
    expect(topics.isDeadLetter('staging.health.events')).toBe(false);
  });
});
