import { UnauthenticatedError } from '../../../src/errors';
import { Role, type Viewer } from '../../../src/platform/auth/viewer';
import { cacheVerifiedTokens } from '../../../src/http/verified-token-cache';

/** A clock the tests move by hand. */
let clock = 0;
const now = () => clock;
const viewerFor = (expiresInMs: number): Viewer => ({ subject: 'member-1', role: Role.USER, expiresAt: new Date(clock + expiresInMs) });

beforeEach(() => {
  clock = Date.parse('2026-11-30T12:00:00Z');
});

describe(cacheVerifiedTokens.name, () => {
  it('should verify a token once and then answer from memory', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000, now });
    const first = await cached('Bearer a');
    expect(await cached('Bearer a')).toBe(first);
    await cached('Bearer b');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('should verify again once the token expired, so an expired token is refused', async () => {
    const verify = jest.fn().mockResolvedValueOnce(viewerFor(40)).mockRejectedValueOnce(new UnauthenticatedError('invalid token: "exp" claim timestamp check failed'));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000, now });
    await cached('Bearer short-lived');
    clock += 39;
    await cached('Bearer short-lived');
    expect(verify).toHaveBeenCalledTimes(1);
    clock += 2;
    await expect(cached('Bearer short-lived')).rejects.toThrow('"exp"');
  });

  it('should verify again after the maximum age even if the token lives longer', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 40, now });
    await cached('Bearer a');
    clock += 39;
    await cached('Bearer a');
    expect(verify).toHaveBeenCalledTimes(1);
    clock += 2;
    await cached('Bearer a');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('should never remember a failed verification', async () => {
    const verify = jest.fn().mockRejectedValueOnce(new UnauthenticatedError('invalid token')).mockResolvedValueOnce(viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000, now });
    await expect(cached('Bearer a')).rejects.toThrow('invalid token');
    await expect(cached('Bearer a')).resolves.toMatchObject({ subject: 'member-1' });
  });

  it('should forget the least recently used token beyond the maximum count', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 2, maxAgeMs: 60_000, now });
    for (const token of ['a', 'b', 'c', 'a']) await cached(`Bearer ${token}`);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
