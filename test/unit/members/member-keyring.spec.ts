import { randomUUID } from 'node:crypto';
import { MemberKeyring } from '../../../src/members/member-keyring';

describe(MemberKeyring.name, () => {
  const keyring = new MemberKeyring('k'.repeat(32));

  it('should give each member a stable pseudonym of two words and a number', () => {
    const userId = randomUUID();
    expect(keyring.pseudonym(userId)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{1,2}$/);
    expect(new MemberKeyring('k'.repeat(32)).pseudonym(userId)).toBe(keyring.pseudonym(userId));
    expect(keyring.pseudonym(userId.toUpperCase())).toBe(keyring.pseudonym(userId));
  });

  it('should spread members over many pseudonyms', () => {
    const names = new Set(Array.from({ length: 1000 }, () => keyring.pseudonym(randomUUID())));
    expect(names.size).toBeGreaterThan(980);
  });

  it('should derive pseudonyms and erasure hashes from the key, so without it the id cannot be matched', () => {
    const userId = randomUUID();
    const other = new MemberKeyring('o'.repeat(32));
    expect(other.erasureHash(userId)).not.toBe(keyring.erasureHash(userId));
    const pseudonymsUnderOtherKeys = Array.from({ length: 20 }, (_, index) => new MemberKeyring(`${index}`.padEnd(32, 'x')).pseudonym(userId));
    expect(new Set(pseudonymsUnderOtherKeys).size).toBeGreaterThan(15);
  });

  it('should keep in an erasure hash nothing of the id', () => {
    const userId = randomUUID();
    const hash = keyring.erasureHash(userId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(keyring.erasureHash(userId));
    expect(hash).not.toContain(userId.replace(/-/g, '').slice(0, 8));
  });
});
