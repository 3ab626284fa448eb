import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerHandshake, signBody, verifySignature } from '../../../functions/channels/social/webhook-verification';

const secret = 'app-secret-3c1f0e9d8b7a';

describe('answerHandshake', () => {
  it('echoes the challenge when mode and verify token are right', () => {
    // Act
    const result = answerHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'our-token', 'hub.challenge': '1158201444' }, 'our-token');

    // Assess
    expect(result).toEqual({ ok: true, challenge: '1158201444' });
  });

  it.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, 'wrong-verify-token'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'our-token-but-longer', 'hub.challenge': '1' }, 'wrong-verify-token'],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'wrong-verify-token'],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'our-token', 'hub.challenge': '1' }, 'not-a-subscription'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'our-token' }, 'missing-challenge'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'our-token', 'hub.challenge': '<script>alert(1)</script>' }, 'missing-challenge'],
  ])('%o is refused (%s)', (query, reason) => {
    // Act
    const result = answerHandshake(query, 'our-token');

    // Assess
    expect(result).toEqual({ ok: false, reason });
  });
});

describe('verifySignature', () => {
  const body = '{"object":"page","entry":[]}';

  it('accepts the HMAC-SHA256 of the raw body under the app secret, in either hex case', () => {
    // Prepare
    const header = signBody(body, secret);

    // Act
    const results = [verifySignature(body, header, secret), verifySignature(Buffer.from(body), header.toUpperCase().replace('SHA256=', 'sha256='), secret)];

    // Assess
    expect(results).toEqual([{ ok: true }, { ok: true }]);
  });

  it('refuses a changed body, another secret, a missing or a malformed header', () => {
    // Prepare
    const header = signBody(body, secret);

    // Act
    const results = [
      verifySignature(body.replace('page', 'pagE'), header, secret),
      verifySignature(body, signBody(body, 'another-secret'), secret),
      verifySignature(body, undefined, secret),
      verifySignature(body, 'sha1=abc', secret),
      verifySignature(body, header.slice(0, -2), secret),
    ];

    // Assess
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['bad-signature', 'bad-signature', 'missing-signature', 'malformed-signature', 'malformed-signature']);
  });

  it('the same JSON re-serialised differently does not verify (the HMAC is over the bytes received)', () => {
    // Prepare
    const header = signBody(body, secret);

    // Act
    const result = verifySignature(JSON.stringify(JSON.parse(body), null, 2), header, secret);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('any single-byte change of any body is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, flip) => {
        // Prepare
        const header = signBody(bytes, secret);
        const changed = Uint8Array.from(bytes);
        changed[at % changed.length]! ^= flip;

        // Act / Assess
        expect(verifySignature(bytes, header, secret).ok).toBe(true);
        expect(verifySignature(changed, header, secret).ok).toBe(false);
      }),
    );
  });
});
