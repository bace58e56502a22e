import { ValidationError } from '../../../src/errors';
import { DisplayNamePolicy } from '../../../src/members/display-name';

describe(DisplayNamePolicy.name, () => {
  const policy = new DisplayNamePolicy();

  it.each([
    ['Ana Souza', 'Ana Souza'],
    ['  João   da  Silva ', 'João da Silva'],
    ["O'Brien-Smith_2", "O'Brien-Smith_2"],
    ['李小龙', '李小龙'],
    ['Runner 12345', 'Runner 12345'],
    ['x'.repeat(32), 'x'.repeat(32)],
  ])('should accept %j as %j', (input, expected) => {
    expect(policy.validate(input)).toBe(expected);
  });

  it.each([
    ['ab', 'must be 3 to 32 characters, received 2'],
    ['x'.repeat(33), 'must be 3 to 32 characters, received 33'],
    ['   ', 'must be 3 to 32 characters, received 0'],
    ['ana@example.com', 'may hold letters, digits'],
    ['<script>', 'may hold letters, digits'],
    ['-dash first', 'may hold letters, digits'],
    ['Call 11987654321', 'may not hold a number of 6 digits or more'],
    ['The Admin', 'is not allowed'],
    ['Ádmin', 'is not allowed'],
    ['a.d-m_i n', 'is not allowed'],
    ['SUPPORT team', 'is not allowed'],
  ])('should refuse %j saying it %s', (input, detail) => {
    expect(() => policy.validate(input)).toThrow(ValidationError);
    expect(() => policy.validate(input)).toThrow(`displayName: ${detail}`);
  });

  it('should take its blocklist from the setting, replacing the default', () => {
    const configured = DisplayNamePolicy.fromSetting('Nurse, doctor');
    expect(() => configured.validate('Doctor Who')).toThrow('displayName: is not allowed');
    expect(() => configured.validate('head nurse')).toThrow('displayName: is not allowed');
    expect(configured.validate('Admin Ana')).toBe('Admin Ana');
  });
});
