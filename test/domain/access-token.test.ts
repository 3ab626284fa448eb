import { describe, expect, it } from 'vitest';
import { accessTokenMatches, bearerToken, generateAccessToken, hashAccessToken, isAccessTokenShaped } from '../../functions/domain/access-token';

describe('access tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const a = generateAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateAccessToken()).not.toBe(a);
  });

  it('match only their own SHA-256 hash', () => {
    const token = generateAccessToken();
    const hash = hashAccessToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(accessTokenMatches(token, hash)).toBe(true);
    expect(accessTokenMatches(generateAccessToken(), hash)).toBe(false);
    expect(accessTokenMatches(undefined, hash)).toBe(false);
    expect(accessTokenMatches(token, undefined)).toBe(false);
    expect(accessTokenMatches('short', hashAccessToken('short'))).toBe(false);
    expect(accessTokenMatches(token, 'abcd')).toBe(false);
  });

  it('are read from a Bearer header, scheme case-insensitive', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(isAccessTokenShaped('abc')).toBe(false);
  });
});
