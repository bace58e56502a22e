import type { AppConfig } from '../platform/config';
import { developmentSecret } from '../platform/auth/dev-secret';
import { createTokenVerifier, signToken, type TokenVerifier } from '../platform/auth/token-verifier';
import { Role } from '../platform/auth/viewer';

export interface AuthSetup {
  verifyToken: TokenVerifier;
  /** Set when the secret is a generated development one; used to print tokens for the tour. */
  developmentSecret?: string;
}

export function setUpAuth(config: AppConfig): AuthSetup {
  if (config.JWT_JWKS_URL || config.JWT_SECRET) {
    return {
      verifyToken: createTokenVerifier({
        secret: config.JWT_SECRET,
        jwksUrl: config.JWT_JWKS_URL,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      }),
    };
  }
  const secret = developmentSecret(config.DATA_DIR);
  return { verifyToken: createTokenVerifier({ secret }), developmentSecret: secret };
}

/** The demo member of the 5-minute tour. */
export const DEMO_USER_ID = '6f1c3b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c';

export async function developmentTokens(secret: string): Promise<{ user: string; admin: string; service: string }> {
  return {
    user: await signToken(secret, { sub: DEMO_USER_ID, role: Role.USER }, '30d'),
    admin: await signToken(secret, { sub: 'admin', role: Role.ADMIN }, '30d'),
    service: await signToken(secret, { sub: 'demo-service', role: Role.SERVICE }, '30d'),
  };
}
