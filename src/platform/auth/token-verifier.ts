import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { canonicalUserId } from '../../contract';
import { NetworkError, UnauthenticatedError } from '../../errors';
import { isRole, Role, type Viewer } from './viewer';

export interface TokenVerifierOptions {
  /** HS256 shared secret. */
  secret?: string;
  /** RS256 (or other asymmetric) keys from a JWKS endpoint. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/**
 * Verifies `Bearer <JWT>` with jose: signature, `exp` (and `nbf`), optional issuer and audience.
 * `sub` becomes the viewer's subject (a UUID lower-cased: one spelling per member); `role` must be user (the default), service or admin.
 * With a JWKS URL only asymmetric algorithms are accepted (an HS256 token signed with a public
 * key is refused); with a secret only HS256. An unreachable JWKS endpoint is a NetworkError (503),
 * not the caller's fault.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : options.secret
      ? new TextEncoder().encode(options.secret)
      : undefined;
  if (!key) throw new Error('a JWT secret or JWKS URL is required');
  const algorithms = options.jwksUrl ? ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'] : ['HS256'];

  return async (authorization) => {
    const token = bearerToken(authorization);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        throw new NetworkError(`JWKS unavailable: ${(error as Error).message}`, { cause: error });
      }
      throw new UnauthenticatedError(`invalid token: ${error.message}`, { cause: error });
    }
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new UnauthenticatedError('invalid token: empty "sub" claim');
    const role = payload['role'] ?? Role.USER;
    if (!isRole(role)) throw new UnauthenticatedError(`invalid token: unknown role ${JSON.stringify(role)}`);
    return { subject: canonicalUserId(payload.sub), role, expiresAt: new Date((payload.exp as number) * 1000) };
  };
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match) throw new UnauthenticatedError('missing "Authorization: Bearer <JWT>"');
  return match[1];
}

/** Signs an HS256 token (development tokens, tests, the benchmark scripts). */
export function signToken(secret: string, claims: { sub: string; role?: Role }, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ role: claims.role ?? Role.USER })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
