import { EventType, parseEvent } from '../../../src/contract';
import { findUnstorableText, unstorableTextProblem } from '../../../src/contract/validation/storable-text';
import { createTestEvent } from '../../../src/kit';
import { rejection } from './rejection';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const USER_ID = '7f3c9a52-1e4b-4c8d-9f2a-6b5e4d3c2b1a';

describe(unstorableTextProblem.name, () => {
  it.each([
    ['plain ASCII', 'evt-1'],
    ['accents and CJK', 'Olá, 世界'],
    ['an emoji (a surrogate pair)', 'run 🏃 done'],
    ['only a pair', '\uD83D\uDE00'],
    ['the replacement character itself', '\uFFFD'],
    ['other control characters', 'tab\there\u0001\u001F'],
    ['the empty string', ''],
  ])('should accept %s', (_label, text) => {
    expect(unstorableTextProblem(text)).toBeUndefined();
  });

  it.each([
    ['a NUL inside', 'a\u0000b', 'contains a NUL character (U+0000) at character 2, which cannot be stored'],
    ['a NUL alone', '\u0000', 'contains a NUL character (U+0000) at character 1, which cannot be stored'],
    ['a lone high surrogate', 'x\uD800', 'contains a lone surrogate (U+D800) at character 2: not valid Unicode text, which cannot be stored'],
    ['a lone low surrogate', '\uDC00x', 'contains a lone surrogate (U+DC00) at character 1: not valid Unicode text, which cannot be stored'],
    ['a high surrogate before a non-surrogate', '\uD83Dz', 'contains a lone surrogate (U+D83D) at character 1: not valid Unicode text, which cannot be stored'],
    ['two high surrogates', '\uD83D\uD83D\uDE00', 'contains a lone surrogate (U+D83D) at character 1: not valid Unicode text, which cannot be stored'],
    ['a reversed pair', '\uDE00\uD83D', 'contains a lone surrogate (U+DE00) at character 1: not valid Unicode text, which cannot be stored'],
  ])('should refuse %s', (_label, text, problem) => {
    expect(unstorableTextProblem(text)).toBe(problem);
  });
});

describe(findUnstorableText.name, () => {
  it.each([
    ['a top-level string', { note: 'a\u0000' }, 'data.note'],
    ['a nested object', { device: { model: { name: 'x\uD800' } } }, 'data.device.model.name'],
    ['an array item', { symptoms: ['cough', 'fe\u0000ver'] }, 'data.symptoms.1'],
    ['an object in an array', { items: [{ ok: 'yes' }, { label: '\uDFFF' }] }, 'data.items.1.label'],
    ['a key', { nested: { ['k\u0000']: 1 } }, 'data.nested'],
  ])('should name the path of %s', (_label, data, field) => {
    expect(findUnstorableText(data, 'data')?.field).toBe(field);
  });

  it.each([
    ['numbers, booleans and null', { a: 1, b: true, c: null, d: [1.5, false] }],
    ['emoji at any depth', { a: { b: ['🎉', { c: '🏥' }] } }],
  ])('should find nothing in %s', (_label, data) => {
    expect(findUnstorableText(data, 'data')).toBeUndefined();
  });
});

describe('parseEvent refuses text PostgreSQL cannot store', () => {
  const base = () => createTestEvent(EventType.SYMPTOM_CHECKED, { userId: USER_ID, timestamp: NOW.toISOString() }) as unknown as Record<string, unknown>;

  it.each([
    ['a NUL in the id', (event: Record<string, unknown>) => ({ ...event, id: 'evt\u00001' }), 'id'],
    ['a lone surrogate in the id', (event: Record<string, unknown>) => ({ ...event, id: 'evt-\uD800' }), 'id'],
    ['a NUL in the userId', (event: Record<string, unknown>) => ({ ...event, userId: `${USER_ID}\u0000` }), 'userId'],
    ['a lone surrogate in the userId', (event: Record<string, unknown>) => ({ ...event, userId: `\uDC00${USER_ID}` }), 'userId'],
    ['a NUL in a payload field', (event: Record<string, unknown>) => ({ ...event, data: { ...(event['data'] as object), extra: 'a\u0000b' } }), 'data.extra'],
    ['a lone surrogate deep in the payload', (event: Record<string, unknown>) => ({ ...event, data: { ...(event['data'] as object), meta: { tags: ['ok', '\uD800'] } } }), 'data.meta.tags.1'],
  ])('%s is BAD_USER_INPUT naming the field', (_label, spoil, field) => {
    const error = rejection(spoil(base()), { now: NOW });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('should accept emoji in the id and the payload', () => {
    const event = parseEvent({ ...base(), id: 'evt-🎉', data: { ...(base()['data'] as object), note: 'feeling 😊' } }, { now: NOW });
    expect(event).toMatchObject({ id: 'evt-🎉', data: { note: 'feeling 😊' } });
  });
});
