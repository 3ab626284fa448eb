import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  idempotencyRecordPk,
  IdempotencyKeySchema,
  openResponse,
  requestFingerprint,
  sealResponse,
} from '../../functions/domain/idempotency';

const Body = z.object({ id: z.string(), accessToken: z.string() });

describe('idempotency helpers', () => {
  it('fingerprints ignore key order but not values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(requestFingerprint(reversed)).toBe(requestFingerprint(obj));
      }),
    );
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it('store a hash of the key, never the key', () => {
    expect(idempotencyRecordPk('my-key')).toMatch(/^IDEMPOTENCY#[A-Za-z0-9_-]{43}$/);
    expect(idempotencyRecordPk('my-key')).not.toContain('my-key');
  });

  it('unseal the stored response only with the same key and fingerprint', () => {
    const fp = requestFingerprint({ x: 1 });
    const sealed = sealResponse('key-1', fp, { id: 'a', accessToken: 'secret-token' });
    expect(JSON.stringify(sealed)).not.toContain('secret-token');
    expect(openResponse('key-1', fp, sealed, Body)).toEqual({ id: 'a', accessToken: 'secret-token' });
    expect(() => openResponse('key-2', fp, sealed, Body)).toThrow();
    expect(() => openResponse('key-1', requestFingerprint({ x: 2 }), sealed, Body)).toThrow();
    const tampered = { ...sealed, data: Buffer.from('x'.repeat(10)).toString('base64url') };
    expect(() => openResponse('key-1', fp, tampered, Body)).toThrow();
  });

  it('accept 1–255 visible ASCII characters as a key', () => {
    expect(IdempotencyKeySchema.safeParse('0b6e4a3e-1b1a-4c1e-9c55-0a8f3f1d2e11').success).toBe(true);
    expect(IdempotencyKeySchema.safeParse('').success).toBe(false);
    expect(IdempotencyKeySchema.safeParse('has space').success).toBe(false);
    expect(IdempotencyKeySchema.safeParse('x'.repeat(256)).success).toBe(false);
  });
});
