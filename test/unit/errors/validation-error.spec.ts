import { ErrorCategory, formatValidationIssue, ValidationError } from '../../../src/errors';

describe(ValidationError.name, () => {
  it.each([
    ['data.value', 'expected number, received string'],
    ['userId', 'expected a UUID, received "abc"'],
    ['timestamp', 'is required'],
    ['version.schemaVersion', '"abc" is not a valid semantic version'],
  ])('should name the field %s in its message', (field, detail) => {
    const error = new ValidationError(field, detail);
    expect(error.field).toBe(field);
    expect(error.message).toBe(`${field}: ${detail}`);
    expect(error.issues).toEqual([{ field, message: detail }]);
  });

  it('should label an issue about the whole input as "event"', () => {
    expect(new ValidationError('', 'expected an object, received string').message).toBe(
      'event: expected an object, received string',
    );
  });

  it('should list every issue given in its message, keeping the first field', () => {
    const issues = [
      { field: 'data.value', message: 'is required' },
      { field: 'data.unit', message: 'must not be empty' },
    ];
    const error = ValidationError.fromIssues(issues);
    expect(error.field).toBe('data.value');
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe('data.value: is required; data.unit: must not be empty');
  });

  it('should refuse to build from no issue', () => {
    expect(() => ValidationError.fromIssues([])).toThrow(RangeError);
  });

  it('should be a non-retriable VALIDATION error with code BAD_USER_INPUT', () => {
    const error = new ValidationError('type', 'is required');
    expect(error).toMatchObject({ category: ErrorCategory.VALIDATION, code: 'BAD_USER_INPUT', retriable: false });
  });

  it.each([
    [{ field: 'a.b', message: 'bad' }, 'a.b: bad'],
    [{ field: '', message: 'bad' }, 'event: bad'],
  ])('should format %p as %p', (issue, expected) => {
    expect(formatValidationIssue(issue)).toBe(expected);
  });
});
