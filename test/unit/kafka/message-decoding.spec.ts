import { ValidationError } from '../../../src/errors';
import { decodeBody, decodeMessage, fallbackIdOf } from '../../../src/kafka/incoming-event';

describe('decoding Kafka messages', () => {
  it('should parse a JSON value as the event, whatever its shape', () => {
    expect(decodeBody(Buffer.from('{"type":"DAILY_LOGIN","userId":"u"}'))).toEqual({ kind: 'json', event: { type: 'DAILY_LOGIN', userId: 'u' } });
    expect(decodeBody(Buffer.from('42'))).toEqual({ kind: 'json', event: 42 });
  });

  it.each([
    ['bytes that are not JSON', Buffer.from('{"type": oops'), /^event: not JSON/],
    ['an empty value', Buffer.alloc(0), /^event: not JSON/],
    ['a missing value (tombstone)', null, /^event: the message has no value$/],
  ])('should turn %s into a VALIDATION failure that keeps the exact bytes, never an exception', (_, value, message) => {
    const body = decodeBody(value);
    expect(body.kind).toBe('malformed');
    if (body.kind !== 'malformed') return;
    expect(body.error).toBeInstanceOf(ValidationError);
    expect(body.error.category).toBe('VALIDATION');
    expect(body.error.message).toMatch(message);
    expect(body.bytes.equals(value ?? Buffer.alloc(0))).toBe(true);
  });

  it('should not quote the bytes in the error (they may hold health data)', () => {
    const body = decodeBody(Buffer.from('{"systolic": 142 "diastolic": 91}'));
    expect(body.kind === 'malformed' && body.error.message).toBe('event: not JSON (syntax error at position 17)');
    const words = decodeBody(Buffer.from('glucose 180'));
    expect(words.kind === 'malformed' && words.error.message).toBe('event: not JSON');
  });

  it('should give a message without id the deterministic id topic-partition-offset', () => {
    expect(fallbackIdOf({ topic: 'prod.health.events', partition: 3, offset: '1234567890123' })).toBe('prod.health.events-3-1234567890123');
  });

  it('should remember where a message came from and start with no retries', () => {
    const key = Buffer.from('user-1');
    expect(decodeMessage('health.events', 2, { offset: '7', key, value: Buffer.from('{}') })).toEqual({
      source: { topic: 'health.events', partition: 2, offset: '7' },
      key,
      body: { kind: 'json', event: {} },
      retriesSoFar: 0,
    });
  });
});
