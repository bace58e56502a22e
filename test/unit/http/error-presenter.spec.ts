import {
  AuthorizationError,
  BusinessRuleError,
  DatabaseError,
  GamificationError,
  InternalError,
  NetworkError,
  UnknownError,
  ValidationError,
} from '../../../src/errors';
import { presentError } from '../../../src/http/error-presenter';

describe(presentError.name, () => {
  it.each<[string, GamificationError, { status: number; code: string; message: string }]>([
    ['invalid input', new ValidationError('id', 'bad id'), { status: 400, code: 'BAD_USER_INPUT', message: 'id: bad id' }],
    ['a game rule', new BusinessRuleError('not enough points'), { status: 422, code: 'BUSINESS_RULE_VIOLATION', message: 'not enough points' }],
    ['a forbidden call', new AuthorizationError('not yours'), { status: 403, code: 'FORBIDDEN', message: 'not yours' }],
    ['a transient database failure', new DatabaseError('deadlock detected', { sqlState: '40P01' }), { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'temporarily unavailable, try again' }],
    ['an unreachable service', new NetworkError('refused'), { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'temporarily unavailable, try again' }],
    [
      'values the database refuses',
      new DatabaseError('unsupported Unicode escape sequence', { sqlState: '22P05', retriable: false, refusedInput: true }),
      { status: 400, code: 'BAD_USER_INPUT', message: 'the database cannot store a value of this input (SQLSTATE 22P05); nothing was recorded' },
    ],
    [
      'a permanent database failure of the engine',
      new DatabaseError('relation "profiles" does not exist', { sqlState: '42P01', retriable: false }),
      { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'internal error' },
    ],
    ['a bug', new InternalError('invariant broken'), { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'internal error' }],
    ['anything else', new UnknownError('???'), { status: 500, code: 'UNKNOWN_ERROR', message: 'internal error' }],
  ])('should answer %s with %o', (_label, error, expected) => {
    expect(presentError(error)).toMatchObject(expected);
  });

});
