import {
  AuthorizationError,
  BusinessRuleError,
  DatabaseError,
  ErrorCategory,
  GamificationError,
  InternalError,
  isRetriableCategory,
  NetworkError,
  UnauthenticatedError,
  UnknownError,
  ValidationError,
} from '../../../src/errors';

interface ErrorCase {
  readonly create: (cause?: unknown) => GamificationError;
  readonly name: string;
  readonly category: ErrorCategory;
  readonly code: string;
  readonly retriable: boolean;
}

const CASES: readonly ErrorCase[] = [
  { create: (cause) => new ValidationError('data.value', 'expected number', { cause }), name: 'ValidationError', category: ErrorCategory.VALIDATION, code: 'BAD_USER_INPUT', retriable: false },
  { create: (cause) => new BusinessRuleError('not enough points', { cause }), name: 'BusinessRuleError', category: ErrorCategory.BUSINESS_RULE, code: 'BUSINESS_RULE_VIOLATION', retriable: false },
  { create: (cause) => new DatabaseError('deadlock', { cause }), name: 'DatabaseError', category: ErrorCategory.DATABASE, code: 'DATABASE_ERROR', retriable: true },
  { create: (cause) => new NetworkError('refused', { cause }), name: 'NetworkError', category: ErrorCategory.NETWORK, code: 'NETWORK_ERROR', retriable: true },
  { create: (cause) => new AuthorizationError('not yours', { cause }), name: 'AuthorizationError', category: ErrorCategory.AUTHORIZATION, code: 'FORBIDDEN', retriable: false },
  { create: (cause) => new UnauthenticatedError('no token', { cause }), name: 'UnauthenticatedError', category: ErrorCategory.AUTHORIZATION, code: 'UNAUTHENTICATED', retriable: false },
  { create: (cause) => new InternalError('invariant broken', { cause }), name: 'InternalError', category: ErrorCategory.INTERNAL, code: 'INTERNAL_SERVER_ERROR', retriable: false },
  { create: (cause) => new UnknownError('???', { cause }), name: 'UnknownError', category: ErrorCategory.UNKNOWN, code: 'UNKNOWN_ERROR', retriable: false },
];

describe(GamificationError.name, () => {
  describe.each(CASES)('$name', ({ create, name, category, code, retriable }) => {
    it(`should have the stable name ${name}`, () => {
      const error = create();
      expect(error.name).toBe(name);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
      expect(error.stack).toMatch(new RegExp(`^${name}: `));
    });

    it(`should be in category ${category} with code ${code}`, () => {
      const error = create();
      expect(error.category).toBe(category);
      expect(error.code).toBe(code);
    });

    it(`should ${retriable ? '' : 'not '}be retriable`, () => {
      expect(create().retriable).toBe(retriable);
    });

    it('should be an Error and a GamificationError', () => {
      const error = create();
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(GamificationError);
    });

    it('should keep the cause it was given', () => {
      const cause = new Error('root');
      expect(create(cause).cause).toBe(cause);
    });

    it('should have no cause when none is given', () => {
      expect(create().cause).toBeUndefined();
      expect(Object.hasOwn(create(), 'cause')).toBe(false);
    });

    it('should serialise to name, message, category, code and retriable only', () => {
      const error = create(new Error('secret detail'));
      expect(error.toJSON()).toEqual({ name, message: error.message, category, code, retriable });
      expect(JSON.parse(JSON.stringify(error))).toEqual({ name, message: error.message, category, code, retriable });
    });
  });

  it.each([
    [new AuthorizationError(), 'Forbidden'],
    [new UnauthenticatedError(), 'Unauthenticated'],
  ])('should give %p a default message', (error, message) => {
    expect(error.message).toBe(message);
  });
});

describe(DatabaseError.name, () => {
  it.each([
    [undefined, true],
    [true, true],
    [false, false],
  ])('should be retriable=%p → %p', (retriable, expected) => {
    expect(new DatabaseError('x', { retriable }).retriable).toBe(expected);
  });

  it('should carry the SQLSTATE when given', () => {
    expect(new DatabaseError('x', { sqlState: '23505' }).sqlState).toBe('23505');
    expect(new DatabaseError('x').sqlState).toBeUndefined();
  });
});

describe(NetworkError.name, () => {
  it('should carry the system error code when given', () => {
    expect(new NetworkError('x', { systemCode: 'ECONNRESET' }).systemCode).toBe('ECONNRESET');
    expect(new NetworkError('x').systemCode).toBeUndefined();
  });
});

describe(isRetriableCategory.name, () => {
  it.each([
    [ErrorCategory.VALIDATION, false],
    [ErrorCategory.BUSINESS_RULE, false],
    [ErrorCategory.DATABASE, true],
    [ErrorCategory.NETWORK, true],
    [ErrorCategory.AUTHORIZATION, false],
    [ErrorCategory.INTERNAL, false],
    [ErrorCategory.UNKNOWN, false],
  ])('should say %s is retriable: %p', (category, expected) => {
    expect(isRetriableCategory(category)).toBe(expected);
  });

  it('should cover every category', () => {
    expect(Object.values(ErrorCategory)).toEqual([
      'VALIDATION',
      'BUSINESS_RULE',
      'DATABASE',
      'NETWORK',
      'AUTHORIZATION',
      'INTERNAL',
      'UNKNOWN',
    ]);
  });
});
