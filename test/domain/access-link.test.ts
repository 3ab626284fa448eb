import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grants, isAccessLinkShaped, signAccessLink, verifyAccessLink, type AccessLinkKeys } from '../../functions/domain/access-link';

const OLD_SECRET = 'old-signing-secret-with-enough-characters-0001';
const NEW_SECRET = 'new-signing-secret-with-enough-characters-0002';
const keys: AccessLinkKeys = { secrets: [NEW_SECRET] };
const caseId = '8d3f1c2a-5b6e-4f70-9a81-0c2d3e4f5a6b';
const otherCase = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const now = new Date('2026-12-03T12:00:00Z');
const inADay = new Date('2026-12-04T12:00:00Z');

describe('access links', () => {
  it('grant their purpose on their case until they expire', () => {
    // Prepare
    const link = signAccessLink(keys, caseId, 'act', inADay);
    // Act / Assess
    expect(isAccessLinkShaped(link)).toBe(true);
    expect(verifyAccessLink(keys, caseId, link, now)).toBe('act');
    expect(verifyAccessLink(keys, caseId.toUpperCase(), link, now)).toBe('act');
    expect(verifyAccessLink(keys, caseId, link, new Date(inADay.getTime() - 1000))).toBe('act');
    expect(verifyAccessLink(keys, caseId, link, inADay)).toBeUndefined();
  });

  it("never open another case, and never verify under a secret we do not hold", () => {
    const link = signAccessLink(keys, caseId, 'act', inADay);
    expect(verifyAccessLink(keys, otherCase, link, now)).toBeUndefined();
    expect(verifyAccessLink({ secrets: [OLD_SECRET] }, caseId, link, now)).toBeUndefined();
  });

  it('survive a rotation: a link signed by the old secret verifies while the old secret is still listed', () => {
    const signedBefore = signAccessLink({ secrets: [OLD_SECRET] }, caseId, 'view', inADay);
    const rotated: AccessLinkKeys = { secrets: [NEW_SECRET, OLD_SECRET] };
    expect(verifyAccessLink(rotated, caseId, signedBefore, now)).toBe('view');
    expect(verifyAccessLink(rotated, caseId, signAccessLink(rotated, caseId, 'view', inADay), now)).toBe('view');
    // The key id names the secret, so the new one signs and a link of the dropped secret is refused.
    expect(signAccessLink(rotated, caseId, 'view', inADay).split('.')[0]).not.toBe(signedBefore.split('.')[0]);
    expect(verifyAccessLink({ secrets: [NEW_SECRET] }, caseId, signedBefore, now)).toBeUndefined();
  });

  it('refuse any change to any part: purpose, expiry, key id or tag', () => {
    const link = signAccessLink(keys, caseId, 'view', inADay);
    const [kid, , expiry, tag] = link.split('.') as [string, string, string, string];
    const later = (parseInt(expiry, 36) + 86_400 * 365).toString(36);
    expect(verifyAccessLink(keys, caseId, `${kid}.act.${expiry}.${tag}`, now)).toBeUndefined();
    expect(verifyAccessLink(keys, caseId, `${kid}.view.${later}.${tag}`, now)).toBeUndefined();
    expect(verifyAccessLink(keys, caseId, `AAAAAAAA.view.${expiry}.${tag}`, now)).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: link.length - 1 }), fc.constantFrom(...'ABCdef0189-_'), (at, c) => {
        const tampered = `${link.slice(0, at)}${c}${link.slice(at + 1)}`;
        fc.pre(tampered !== link);
        expect(verifyAccessLink(keys, caseId, tampered, now)).toBeUndefined();
      }),
    );
  });

  it('refuse anything that is not a link, an access token included', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        expect(verifyAccessLink(keys, caseId, junk, now)).toBeUndefined();
      }),
    );
    expect(isAccessLinkShaped('x'.repeat(43))).toBe(false);
  });

  it('let act do what view does, and not the reverse', () => {
    expect(grants('act', 'view')).toBe(true);
    expect(grants('act', 'act')).toBe(true);
    expect(grants('view', 'view')).toBe(true);
    expect(grants('view', 'act')).toBe(false);
    expect(grants(undefined, 'view')).toBe(false);
  });
});
