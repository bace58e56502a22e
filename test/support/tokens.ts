import { signToken } from '../../src/platform/auth/token-verifier';
import { Role } from '../../src/platform/auth/viewer';

/** The HS256 secret integration tests configure their API nodes with. */
export const TEST_JWT_SECRET = 'integration-test-secret-0123456789abcdef';

export function userToken(userId: string): Promise<string> {
  return signToken(TEST_JWT_SECRET, { sub: userId, role: Role.USER });
}

export function adminToken(): Promise<string> {
  return signToken(TEST_JWT_SECRET, { sub: 'test-admin', role: Role.ADMIN });
}

export function serviceToken(): Promise<string> {
  return signToken(TEST_JWT_SECRET, { sub: 'test-service', role: Role.SERVICE });
}
