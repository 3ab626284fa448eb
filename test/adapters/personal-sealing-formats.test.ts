import { describe, expect, it } from 'vitest';
import { localPersonalKeyWrapping, openItem, sealItem } from '../../functions/adapters/crypto/personal-keys';

/**
 * The formats on disk of functions/adapters/crypto/personal-keys.ts: a wrapped personal-data key (local wrapping) and
 * an item's sealed personal parts. The vectors below were sealed by the code before its two AES-256-GCM copies became
 * one helper (commit b0c80eb): what is stored already must keep opening.
 */

const MASTER = Buffer.alloc(32, 7);
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const WRAPPED = 'ruPJvdEcSjIp0GU0.IGAqvvXkFDbMpWS+8JlOXA==.DGv684PLyUSxw+nW7COeOrzexfZi2pHchS5mft9yh+c=';
const SEALED = 'v1.RSeXwwy6N1XtcoDe.EbljQdcQVyiOWKjePzay0Q==.gPkYWSyhGBqGqP/5IHNpmEo06yOuKo+XaXn13ZS8u2BhFjiQjPRWk+hDCP5T8w==';
const PERSONAL = { name: 'Ada Obi', subject: 'Lost card', n: 1 };

describe('personal sealing formats', () => {
  const wrapping = localPersonalKeyWrapping(MASTER);

  it('opens a key wrapped and an item sealed before the shared AES-GCM helper', async () => {
    expect((await wrapping.unwrap(WRAPPED, 'cust-key-1')).equals(KEY)).toBe(true);
    expect(openItem(KEY, 'CASE#c-1', 'CASE', SEALED)).toEqual(PERSONAL);
  });

  it('seals in the same layout (`iv.tag.ciphertext`, items with `v1.` before it) and opens what it seals', async () => {
    const wrapped = await wrapping.wrap(KEY, 'cust-key-1');
    expect(wrapped.split('.').map((p) => Buffer.from(p, 'base64').byteLength)).toEqual([12, 16, 32]);
    expect((await wrapping.unwrap(wrapped, 'cust-key-1')).equals(KEY)).toBe(true);
    const sealed = sealItem(KEY, 'CASE#c-1', 'CASE', PERSONAL);
    expect(sealed.split('.')).toHaveLength(4);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openItem(KEY, 'CASE#c-1', 'CASE', sealed)).toEqual(PERSONAL);
    expect(sealed).not.toBe(sealItem(KEY, 'CASE#c-1', 'CASE', PERSONAL)); // a fresh IV each time
  });

  it("refuses another customer's context, another item's key, a changed blob, a cut tag, an unknown format", async () => {
    await expect(wrapping.unwrap(WRAPPED, 'cust-key-2')).rejects.toThrow();
    await expect(localPersonalKeyWrapping(Buffer.alloc(32, 8)).unwrap(WRAPPED, 'cust-key-1')).rejects.toThrow();
    expect(() => openItem(KEY, 'CASE#c-2', 'CASE', SEALED)).toThrow();
    expect(() => openItem(KEY, 'CASE#c-1', 'EVENT#1', SEALED)).toThrow();
    const [format, iv, tag, body] = SEALED.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64');
    flipped[0]! ^= 1;
    expect(() => openItem(KEY, 'CASE#c-1', 'CASE', [format, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
    const cutTag = Buffer.from(tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => openItem(KEY, 'CASE#c-1', 'CASE', [format, iv, cutTag, body].join('.'))).toThrow();
    expect(() => openItem(KEY, 'CASE#c-1', 'CASE', ['v2', iv, tag, body].join('.'))).toThrow('unknown format (v2)');
    expect(() => openItem(KEY, 'CASE#c-1', 'CASE', [format, iv, tag].join('.'))).toThrow();
    await expect(wrapping.unwrap(WRAPPED.split('.').slice(0, 2).join('.'), 'cust-key-1')).rejects.toThrow();
  });
});
