import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderObjectStore } from '../../local/object-store';

describe('folderObjectStore (local stand-in for S3)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redress-objects-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores and returns bytes by S3-style key, lists by prefix, and says undefined for a missing key', async () => {
    // Prepare
    const store = folderObjectStore(dir);

    // Act
    await store.put('inbound/a', Buffer.from('first'));
    await store.put('inbound/b', Buffer.from([0x80, 0x00, 0xff]));
    await store.put('cases/x/receipt.pdf', Buffer.from('%PDF'));

    // Assess
    expect(Buffer.from((await store.get('inbound/b'))!)).toEqual(Buffer.from([0x80, 0x00, 0xff]));
    expect(await store.get('inbound/none')).toBeUndefined();
    expect(await store.list('inbound/')).toEqual(['inbound/a', 'inbound/b']);
    expect(await store.list()).toEqual(['cases/x/receipt.pdf', 'inbound/a', 'inbound/b']);
  });

  it('refuses keys that would leave its folder', async () => {
    // Prepare
    const store = folderObjectStore(dir);

    // Act / Assess
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow(/outside the store/);
    await expect(store.get('/etc/passwd')).rejects.toThrow(/outside the store/);
  });

  it('an empty store lists nothing, even before its folder exists', async () => {
    // Act
    const keys = await folderObjectStore(join(dir, 'not-yet')).list();

    // Assess
    expect(keys).toEqual([]);
  });
});
