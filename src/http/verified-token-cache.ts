import { LRUCache } from 'lru-cache';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Viewer } from '../platform/auth/viewer';

export interface VerifiedTokenCacheOptions {
  /** Distinct tokens remembered (least recently used dropped first). */
  max: number;
  /** Longest a verification is reused, so a rotated JWKS key takes effect within it. */
  maxAgeMs: number;
  /** The clock, in milliseconds (tests move it by hand). */
  now?: () => number;
}

/**
 * Remembers successful verifications, keyed by the Authorization header, until the token's
 * `exp` or `maxAgeMs`, whichever comes first: an app sends the same token with every request,
 * and verifying its signature each time was ~10 % of a query's CPU. Failures are never cached.
 */
export function cacheVerifiedTokens(verify: TokenVerifier, options: VerifiedTokenCacheOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const verified = new LRUCache<string, Viewer>({ max: options.max, perf: { now }, ttlResolution: 0 });
  return async (authorization) => {
    const key = authorization ?? '';
    const cached = verified.get(key);
    if (cached) return cached;
    const viewer = await verify(authorization);
    const untilExpiry = viewer.expiresAt ? viewer.expiresAt.getTime() - now() : options.maxAgeMs;
    const ttl = Math.min(untilExpiry, options.maxAgeMs);
    if (ttl > 0) verified.set(key, viewer, { ttl });
    return viewer;
  };
}
