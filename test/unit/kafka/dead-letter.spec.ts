import { DatabaseError, ValidationError } from '../../../src/errors';
import { KafkaTopics } from '../../../src/kafka/kafka-topics';
import { deadLetterOf, deadLetterTopicFor, incomingFromDeadLetter, parseDeadLetter } from '../../../src/kafka/dead-letter';
import { decodeBody, decodeMessage, type IncomingBody } from '../../../src/kafka/incoming-event';

const topics = new KafkaTopics('t.');
const json = (event: unknown): IncomingBody => ({ kind: 'json', event });
const NOW = new Date('2026-11-26T10:00:00.000Z');

describe('dead-letter routing', () => {
  it.each([
    ['the journey the event states', json({ type: 'DAILY_LOGIN', journey: 'care' }), 't.health.events', 't.care.events.dlq'],
    ['the journey of its type when it states none', json({ type: 'CLAIM_SUBMITTED' }), 't.health.events', 't.plan.events.dlq'],
    ['the topic’s journey for an unknown type', json({ type: 'GOAL_TELEPORTED', journey: 'space' }), 't.user.events', 't.user.events.dlq'],
    ['the topic’s journey for JSON that is not an object', json([1, 2]), 't.care.events', 't.care.events.dlq'],
    ['the topic’s journey for bytes that are not JSON', decodeBody(Buffer.from('oops')), 't.health.events', 't.health.events.dlq'],
    ['unknown when neither says', decodeBody(Buffer.from('oops')), 't.billing.events', 't.unknown.events.dlq'],
  ])('should follow %s', (_, body, sourceTopic, expected) => {
    expect(deadLetterTopicFor(topics, body, sourceTopic)).toBe(expected);
  });
});

describe('dead-letter messages', () => {
  const source = { topic: 't.health.events', partition: 1, offset: '42' };

  it('should hold the original event, the classified error, the retry count and the source', () => {
    const event = { id: 'e-1', type: 'DEVICE_SYNCED', userId: 'u' };
    const error = new DatabaseError('deadlock detected', { retriable: true, sqlState: '40P01' });
    const letter = deadLetterOf(topics, { source, key: Buffer.from('u'), body: json(event), retriesSoFar: 2 }, error, 3, NOW);
    expect(letter).toEqual({
      topic: 't.health.events.dlq',
      key: Buffer.from('u'),
      message: {
        originalEvent: event,
        error: { message: 'deadlock detected', name: 'DatabaseError', category: 'DATABASE', stack: error.stack },
        timestamp: '2026-11-26T10:00:00.000Z',
        retryCount: 5,
        source,
      },
    });
  });

  it('should keep bytes that are not JSON as base64, exactly', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x7b]);
    const incoming = decodeMessage(source.topic, source.partition, { offset: source.offset, key: null, value: bytes });
    if (incoming.body.kind !== 'malformed') throw new Error('expected a malformed body');
    const { message } = deadLetterOf(topics, incoming, incoming.body.error, 0, NOW);
    expect(message.originalBytes).toBe(bytes.toString('base64'));
    expect(message).not.toHaveProperty('originalEvent');
    expect(message.error).toMatchObject({ name: 'ValidationError', category: 'VALIDATION' });
  });

  it('should come back, for re-processing, as the original event from its original source with one retry more', () => {
    const { message } = deadLetterOf(topics, { source, key: null, body: json({ id: 'e-2' }), retriesSoFar: 0 }, new ValidationError('data', 'bad'), 0, NOW);
    const dlqPosition = { topic: 't.health.events.dlq', partition: 0, offset: '9' };
    expect(incomingFromDeadLetter(dlqPosition, Buffer.from('u'), Buffer.from(JSON.stringify(message)))).toEqual({
      source,
      key: Buffer.from('u'),
      body: json({ id: 'e-2' }),
      retriesSoFar: 1,
    });
  });

  it('should re-process raw bytes as raw bytes (so they fail again as VALIDATION)', () => {
    const incoming = decodeMessage(source.topic, 0, { offset: '1', key: null, value: Buffer.from('not json') });
    if (incoming.body.kind !== 'malformed') throw new Error('expected a malformed body');
    const { message } = deadLetterOf(topics, incoming, incoming.body.error, 0, NOW);
    const again = incomingFromDeadLetter({ topic: 't.health.events.dlq', partition: 0, offset: '0' }, null, Buffer.from(JSON.stringify(message)));
    expect(again.body).toMatchObject({ kind: 'malformed', bytes: Buffer.from('not json') });
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['no error', JSON.stringify({ originalEvent: {}, timestamp: 'x', retryCount: 0, source: { topic: 't', partition: 0, offset: '1' } }), /error/],
    ['neither original', JSON.stringify({ error: { message: 'm', name: 'n', category: 'VALIDATION' }, timestamp: 'x', retryCount: 0, source: { topic: 't', partition: 0, offset: '1' } }), /exactly one/],
    ['a negative retry count', JSON.stringify({ originalEvent: 1, error: { message: 'm', name: 'n', category: 'VALIDATION' }, timestamp: 'x', retryCount: -1, source: { topic: 't', partition: 0, offset: '1' } }), /retryCount/],
  ])('should refuse a message with %s as a dead letter', (_, value, message) => {
    const parsed = parseDeadLetter(Buffer.from(value));
    expect(parsed).toBeInstanceOf(ValidationError);
    expect((parsed as ValidationError).message).toMatch(message);
  });

  it('should re-process a message that is not a dead letter as what it is, from where it is', () => {
    const position = { topic: 't.care.events.dlq', partition: 2, offset: '5' };
    expect(incomingFromDeadLetter(position, null, Buffer.from('{"type":"DAILY_LOGIN"}'))).toEqual({
      source: position,
      key: null,
      body: json({ type: 'DAILY_LOGIN' }),
      retriesSoFar: 1,
    });
  });
});
