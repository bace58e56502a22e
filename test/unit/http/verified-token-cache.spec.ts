import { UnauthenticatedError } from '../../../src/engine/errors';
import { Role, type Viewer } from '../../../src/platform/auth/viewer';
import { cacheVerifiedTokens } from '../../../src/http/verified-token-cache';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const viewerFor = (expiresInMs: number): Viewer => ({ subject: 'member-1', role: Role.USER, expiresAt: new Date(Date.now() + expiresInMs) });

describe(cacheVerifiedTokens.name, () => {
  it('should verify a token once and then answer from memory', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000 });
    const first = await cached('Bearer a');
    expect(await cached('Bearer a')).toBe(first);
    await cached('Bearer b');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('should verify again once the token expired, so an expired token is refused', async () => {
    const verify = jest.fn().mockResolvedValueOnce(viewerFor(40)).mockRejectedValueOnce(new UnauthenticatedError('invalid token: "exp" claim timestamp check failed'));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000 });
    await cached('Bearer short-lived');
    await sleep(80);
    await expect(cached('Bearer short-lived')).rejects.toThrow('"exp"');
  });

  it('should verify again after the maximum age even if the token lives longer', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 40 });
    await cached('Bearer a');
    await sleep(80);
    await cached('Bearer a');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('should never remember a failed verification', async () => {
    const verify = jest.fn().mockRejectedValueOnce(new UnauthenticatedError('invalid token')).mockResolvedValueOnce(viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 10, maxAgeMs: 60_000 });
    await expect(cached('Bearer a')).rejects.toThrow('invalid token');
    await expect(cached('Bearer a')).resolves.toMatchObject({ subject: 'member-1' });
  });

  it('should forget the least recently used token beyond the maximum count', async () => {
    const verify = jest.fn(async () => viewerFor(60_000));
    const cached = cacheVerifiedTokens(verify, { max: 2, maxAgeMs: 60_000 });
    for (const token of ['a', 'b', 'c', 'a']) await cached(`Bearer ${token}`);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
