import {
  AuthorizationError,
  BusinessRuleError,
  classifyError,
  DatabaseError,
  ErrorCategory,
  InternalError,
  isInputFault,
  isRefusedInputSqlState,
  isRetriableSqlState,
  isSqlState,
  NetworkError,
  UnknownError,
  ValidationError,
} from '../../../src/errors';

/** An error shaped like node-postgres' DatabaseError. */
function pgError(code: string, message = `pg failure ${code}`): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

/** An error shaped like a Node.js system error. */
function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -1, syscall: 'connect' });
}

/** An error shaped like TypeORM's QueryFailedError. */
function queryFailed(driverError: unknown): Error {
  const error = new Error('QueryFailedError: query failed');
  error.name = 'QueryFailedError';
  return Object.assign(error, { query: 'INSERT ...', parameters: [], driverError });
}

describe(classifyError.name, () => {
  describe('with GamificationErrors', () => {
    it.each([
      new ValidationError('userId', 'bad'),
      new BusinessRuleError('nope'),
      new DatabaseError('down', { retriable: false }),
      new AuthorizationError(),
    ])('should return %p unchanged', (error) => {
      expect(classifyError(error)).toBe(error);
    });
  });

  describe('with PostgreSQL errors', () => {
    it.each([
      ['08000', 'connection exception'],
      ['08003', 'connection does not exist'],
      ['08006', 'connection failure'],
      ['08001', 'unable to connect'],
      ['57014', 'query canceled (statement timeout)'],
      ['57P01', 'admin shutdown'],
      ['57P02', 'crash shutdown'],
      ['57P03', 'cannot connect now'],
      ['53000', 'insufficient resources'],
      ['53100', 'disk full'],
      ['53200', 'out of memory'],
      ['53300', 'too many connections'],
      ['40001', 'serialization failure'],
      ['40P01', 'deadlock detected'],
    ])('should map SQLSTATE %s (%s) to a retriable DatabaseError', (code) => {
      const cause = pgError(code);
      const classified = classifyError(cause);
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified).toMatchObject({ category: ErrorCategory.DATABASE, code: 'DATABASE_ERROR', retriable: true, sqlState: code });
      expect(classified.message).toBe(cause.message);
      expect(classified.cause).toBe(cause);
    });

    it.each([
      ['23505', 'unique violation', true],
      ['23503', 'foreign key violation', true],
      ['23502', 'not null violation', true],
      ['23514', 'check violation', true],
      ['22P02', 'invalid text representation', true],
      ['22021', 'character not in repertoire (a NUL in text)', true],
      ['22P05', 'untranslatable character (a NUL in jsonb)', true],
      ['22003', 'numeric value out of range', true],
      ['42P01', 'undefined table', false],
      ['42703', 'undefined column', false],
      ['42501', 'insufficient privilege', false],
      ['40002', 'transaction integrity constraint violation', false],
      ['XX000', 'internal error', false],
      ['P0001', 'raise exception', false],
    ])('should map SQLSTATE %s (%s) to a non-retriable DatabaseError, the input\'s fault: %p', (code, _name, refusedInput) => {
      const classified = classifyError(pgError(code));
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified).toMatchObject({ retriable: false, sqlState: code, refusedInput });
      expect(isInputFault(classified)).toBe(refusedInput);
    });

    it('should recognise a plain object carrying a SQLSTATE', () => {
      const classified = classifyError({ code: '40P01', message: 'deadlock detected' });
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified).toMatchObject({ retriable: true, message: 'deadlock detected' });
    });

    it('should name the SQLSTATE when the error has no message', () => {
      expect(classifyError({ code: '23505' }).message).toBe('Database failure (SQLSTATE 23505)');
    });
  });

  describe('with node-postgres connection messages', () => {
    it.each([
      'Connection terminated unexpectedly',
      'Connection terminated',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ])('should map "%s" to a retriable DatabaseError', (message) => {
      const classified = classifyError(new Error(message));
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified.retriable).toBe(true);
      expect(classified.message).toBe(message);
    });
  });

  describe('with Node.js system errors', () => {
    it.each(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])(
      'should map %s to a retriable NetworkError',
      (code) => {
        const cause = systemError(code);
        const classified = classifyError(cause);
        expect(classified).toBeInstanceOf(NetworkError);
        expect(classified).toMatchObject({ category: ErrorCategory.NETWORK, code: 'NETWORK_ERROR', retriable: true, systemCode: code });
        expect(classified.cause).toBe(cause);
      },
    );

    it.each(['ENOENT', 'EACCES', 'EPERM', 'EBUSY'])('should not treat %s as a network failure', (code) => {
      expect(classifyError(systemError(code))).toBeInstanceOf(UnknownError);
    });

    it('should find a network failure inside an AggregateError', () => {
      const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'connect failed');
      expect(classifyError(aggregate)).toBeInstanceOf(NetworkError);
    });

    it('should find a network failure in the cause chain', () => {
      const fetchError = new TypeError('fetch failed', { cause: systemError('ECONNRESET') });
      const classified = classifyError(fetchError);
      expect(classified).toBeInstanceOf(NetworkError);
      expect(classified.cause).toBe(fetchError);
    });
  });

  describe('with TypeORM QueryFailedError-like wrappers', () => {
    it.each([
      ['40001', true],
      ['40P01', true],
      ['08006', true],
      ['23505', false],
      ['23503', false],
    ])('should look into driverError with SQLSTATE %s (retriable: %p)', (code, retriable) => {
      const wrapper = queryFailed(pgError(code));
      const classified = classifyError(wrapper);
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified).toMatchObject({ retriable, sqlState: code });
      expect(classified.cause).toBe(wrapper);
    });

    it('should look into a driverError that is a network failure', () => {
      expect(classifyError(queryFailed(systemError('ECONNRESET')))).toBeInstanceOf(NetworkError);
    });

    it('should map a QueryFailedError without a recognisable driver error to a non-retriable DatabaseError', () => {
      const classified = classifyError(queryFailed(new Error('something odd')));
      expect(classified).toBeInstanceOf(DatabaseError);
      expect(classified.retriable).toBe(false);
    });
  });

  describe('with anything else', () => {
    it.each([
      [new Error('boom'), 'boom'],
      [new TypeError('x is not a function'), 'x is not a function'],
      [new RangeError('out of range'), 'out of range'],
      [Object.assign(new Error('weird'), { code: 'SOMETHING_ELSE' }), 'weird'],
      [Object.assign(new Error('five'), { code: 'ABCDE' }), 'five'],
    ])('should map %p to an UnknownError with the cause', (error, message) => {
      const classified = classifyError(error);
      expect(classified).toBeInstanceOf(UnknownError);
      expect(classified).toMatchObject({ category: ErrorCategory.UNKNOWN, code: 'UNKNOWN_ERROR', retriable: false, message });
      expect(classified.cause).toBe(error);
    });

    it.each([
      ['a string', 'something went wrong', 'something went wrong'],
      ['an empty string', '', 'Non-error value thrown: '],
      ['a number', 42, 'Non-error value thrown: 42'],
      ['null', null, 'Non-error value thrown: null'],
      ['undefined', undefined, 'Non-error value thrown: undefined'],
      ['a plain object', { reason: 'nope' }, 'Non-error value thrown: {"reason":"nope"}'],
      ['an object with a message', { message: 'custom' }, 'custom'],
      ['a BigInt', BigInt(7), 'Non-error value thrown: 7'],
    ])('should map %s to an UnknownError', (_label, value, message) => {
      const classified = classifyError(value);
      expect(classified).toBeInstanceOf(UnknownError);
      expect(classified.message).toBe(message);
      expect(classified.cause).toBe(value);
    });

    it('should not loop on a circular cause chain', () => {
      const a: Error & { cause?: unknown } = new Error('a');
      const b = new Error('b', { cause: a });
      a.cause = b;
      expect(classifyError(a)).toBeInstanceOf(UnknownError);
    });
  });
});

describe(isSqlState.name, () => {
  it.each([
    ['23505', true],
    ['40P01', true],
    ['0A000', true],
    ['XX000', true],
    ['P0001', true],
    ['HV000', true],
    ['F0000', true],
    ['EPIPE', false],
    ['EPERM', false],
    ['ECONNRESET', false],
    ['2350', false],
    ['235050', false],
    ['23a05', false],
    [23505, false],
    [undefined, false],
  ])('should say %p is a SQLSTATE: %p', (code, expected) => {
    expect(isSqlState(code)).toBe(expected);
  });
});

describe(isRefusedInputSqlState.name, () => {
  it.each([
    ['22000', true],
    ['22021', true],
    ['22P05', true],
    ['23505', true],
    ['42P01', false],
    ['40P01', false],
    ['08006', false],
    ['57014', false],
  ])('should say %s is refused input: %p', (code, expected) => {
    expect(isRefusedInputSqlState(code)).toBe(expected);
  });
});

describe(isInputFault.name, () => {
  it.each([
    ['a ValidationError', new ValidationError('id', 'bad'), true],
    ['a DatabaseError refusing the input', new DatabaseError('22P05', { refusedInput: true }), true],
    ['a DatabaseError refusing the input even if called retriable', new DatabaseError('22P05', { refusedInput: true, retriable: true }), true],
    ['a transient DatabaseError', new DatabaseError('deadlock'), false],
    ['a permanent DatabaseError of the engine', new DatabaseError('undefined table', { retriable: false }), false],
    ['a NetworkError', new NetworkError('refused'), false],
    ['an InternalError', new InternalError('bug'), false],
  ])('should say %s is the input\'s fault: %p', (_label, error, expected) => {
    expect(isInputFault(error)).toBe(expected);
  });

  it('should never call refused input retriable', () => {
    expect(new DatabaseError('22P05', { refusedInput: true, retriable: true }).retriable).toBe(false);
  });
});

describe(isRetriableSqlState.name, () => {
  it.each([
    ['08P01', true],
    ['53400', true],
    ['40001', true],
    ['40P01', true],
    ['57P01', true],
    ['57P04', false],
    ['40003', false],
    ['23505', false],
  ])('should say %s is retriable: %p', (code, expected) => {
    expect(isRetriableSqlState(code)).toBe(expected);
  });
});
