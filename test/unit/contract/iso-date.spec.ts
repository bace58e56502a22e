import { isIsoDateString, parseIsoDate } from '../../../src/contract';

describe(parseIsoDate.name, () => {
  it.each([
    ['2025-06-15', '2025-06-15T00:00:00.000Z'],
    ['2025-06-15T10:30', '2025-06-15T10:30:00.000Z'],
    ['2025-06-15T10:30:45', '2025-06-15T10:30:45.000Z'],
    ['2025-06-15T10:30:45.123Z', '2025-06-15T10:30:45.123Z'],
    ['2025-06-15T10:30:45.123456Z', '2025-06-15T10:30:45.123Z'],
    ['2025-06-15T10:30:45+02:00', '2025-06-15T08:30:45.000Z'],
    ['2025-06-15T10:30:45-0300', '2025-06-15T13:30:45.000Z'],
    ['2025-06-15T10:30:45+05', '2025-06-15T05:30:45.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('should parse %s as %s', (input, expected) => {
    expect(parseIsoDate(input)?.toISOString()).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2025-06-15 10:30:00',
    '15/06/2025',
    '2025-6-15',
    '2025-02-29',
    '2025-13-01',
    '2025-06-31',
    '2025-06-15T24:30:00Z',
    '2025-06-15T10:60:00Z',
    '2025-06-15T10:30:00ZZ',
    '10:30',
    'T10:30',
    '2025-W24',
    '1718445600000',
  ])('should reject %p', (input) => {
    expect(parseIsoDate(input)).toBeUndefined();
    expect(isIsoDateString(input)).toBe(false);
  });

  it.each([[undefined], [null], [1718445600000], [new Date()]])('should not call %p an ISO date string', (value) => {
    expect(isIsoDateString(value)).toBe(false);
  });
});
