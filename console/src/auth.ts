/** The admin's JWT: kept in sessionStorage (this tab only), read from `#token=` once and removed from the address bar. */
const STORAGE_KEY = 'gamification-admin-token';

export interface TokenClaims {
  role?: string;
  sub?: string;
  exp?: number;
}

/** Takes a token handed over in the URL fragment (the development link), then forgets the fragment. */
export function adoptTokenFromAddress(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  sessionStorage.setItem(STORAGE_KEY, decodeURIComponent(match[1]));
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function storedToken(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The claims, read without verifying (the API verifies): enough to say early that a token cannot work. */
export function claimsOf(token: string): TokenClaims | null {
  const [, payload] = token.split('.');
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    return claims !== null && typeof claims === 'object' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

/** Why this token cannot sign in to the console, or null when it may. */
export function refusalOf(token: string, now = Date.now()): string | null {
  const claims = claimsOf(token.trim());
  if (!claims) return 'This is not a JSON Web Token. Paste the admin token printed by the server.';
  if (claims.exp !== undefined && claims.exp * 1000 <= now) return `This token expired on ${new Date(claims.exp * 1000).toLocaleString()}. Ask for a new one.`;
  if (claims.role !== 'admin') return `This token is for the role “${claims.role ?? 'none'}”: the console needs an admin token.`;
  return null;
}
