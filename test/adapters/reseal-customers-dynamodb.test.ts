import { describe, expect, it } from 'vitest';
import type { CustomerKeyStore } from '../../functions/core/ports';
import { legacyCustomerKey } from '../../functions/domain/customer-key';
import { rekeyCustomers } from '../../tools/rekey-customers';
import { resealCustomers } from '../../tools/reseal-customers';
import { testCustomerIndex, testCustomerKey } from '../support/customer-index';
import { address, blindIndexTables, customer, earlierVersion, revealAccount, unkeyedHashes } from '../support/blind-index-tables';
import { ACCOUNT, fileWithPersonalData, scanAll } from './erasure-checks';

/**
 * tools/reseal-customers.ts on DynamoDB Local: customers an earlier version filed under the unkeyed hash, moved to the
 * blind index by tools/rekey-customers.ts (their data key still bound to the hash), then bound to the blind index and
 * their values sealed again: no trace of the unkeyed hash left in either table (in any attribute, nor inside a sealed
 * value or a wrapped key, whose headers carry the key name and the encryption context in the clear), every value
 * still opens, a rerun changes nothing, a value sealed during the run is not lost, an erased key is never revived.
 */

const t = blindIndexTables();
const { worldUnder, keyItem } = t;
const reveal = (id: string) => revealAccount(worldUnder(testCustomerIndex), id);
const sealedOf = async (id: string) => (await worldUnder(testCustomerIndex).store.get(id))!.sealed!.accountNumber!;
const reseal = (options: Parameters<typeof resealCustomers>[4] = {}) => resealCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, t.master, { settleMs: 0, ...options });

/** A customer of an earlier version with `cases` cases, moved to the blind index (their key still bound to the hash). */
async function rekeyedCustomer(name: string, cases = 2): Promise<{ email: string; ids: string[] }> {
  const email = address(name);
  const ids: string[] = [];
  for (let i = 0; i < cases; i++) ids.push((await fileWithPersonalData(worldUnder(earlierVersion), customer(email), 'Lagos Mutual', false)).id);
  await rekeyCustomers(t.db.doc, t.db.tableName, t.db.keysTableName, testCustomerIndex);
  expect(await keyItem(testCustomerKey(email))).toMatchObject({ boundTo: legacyCustomerKey(email) });
  return { email, ids };
}

/**
 * Which of the unkeyed SHA-256 of the address (base64url, base64, hex) either table still holds: in any attribute, or
 * inside any base64 attribute decoded (a sealed value's or a wrapped key's header names its key in the clear).
 */
async function tracesOf(email: string): Promise<string[]> {
  const items = [...(await scanAll(t.db)), ...(await scanAll(t.db, undefined, t.db.keysTableName))];
  const texts = [JSON.stringify(items)];
  const decoded = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 24 && /^[A-Za-z0-9+/_-]+=*$/.test(v)) texts.push(Buffer.from(v, 'base64').toString('latin1'));
    else if (v && typeof v === 'object') Object.values(v).forEach(decoded);
  };
  items.forEach(decoded);
  return unkeyedHashes(email).filter((h) => texts.some((text) => text.includes(h)));
}

describe('tools/reseal-customers.ts', () => {
  it('binds the key to the blind index and re-seals every value: no trace of the unkeyed hash, every value opens, a rerun changes nothing', async () => {
    const { email, ids } = await rekeyedCustomer('amaka');
    // A case filed after the re-keying: sealed with the same key, so under the old name too.
    ids.push((await fileWithPersonalData(worldUnder(testCustomerIndex), customer(email), 'Lagos Mutual', false)).id);
    const before = await Promise.all(ids.map(sealedOf));
    expect(await tracesOf(email)).not.toEqual([]); // the check can fail: the key item and the sealed values name the hash

    const first = await reseal();

    expect(first.bound).toBeGreaterThanOrEqual(1);
    expect(first.values).toBeGreaterThanOrEqual(3);
    expect(await tracesOf(email)).toEqual([]);
    expect(await keyItem(testCustomerKey(email))).toEqual({ pk: testCustomerKey(email), wrapped: expect.any(String) });
    const after = await Promise.all(ids.map(sealedOf));
    for (const [i, sealed] of after.entries()) expect(sealed, ids[i]).not.toBe(before[i]);
    for (const id of ids) expect(await reveal(id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });

    const again = await reseal();
    expect(again).toEqual({ bound: 0, values: 0, finished: 0, skipped: 0 });
    expect(await Promise.all(ids.map(sealedOf))).toEqual(after);
    // A new case after the run: sealed under the blind index, opens.
    const next = await fileWithPersonalData(worldUnder(testCustomerIndex), customer(email), 'Lagos Mutual', false);
    expect(await reveal(next.id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await tracesOf(email)).toEqual([]);
  });

  it('a value sealed during the run is not lost: one sealed under the old name by a writer that read the key before the bind, one under the new', async () => {
    const { email, ids } = await rekeyedCustomer('chidi', 1);
    const pk = testCustomerKey(email);
    // A function that read the key item before the bind, and writes its case after it.
    const readBefore = (await t.keys.wrapped(pk))!;
    const stale: CustomerKeyStore = { wrapped: async (c) => (c === pk ? readBefore : t.keys.wrapped(c)), keep: (c, w) => t.keys.keep(c, w), destroy: (c) => t.keys.destroy(c) };
    const during: string[] = [];
    let waited = 0;

    const report = await reseal({
      settleMs: 60_000,
      now: () => Date.parse('2026-11-23T10:00:00Z'),
      sleep: async (ms) => {
        waited = ms;
      },
      onBound: async () => {
        expect(await keyItem(pk)).toMatchObject({ formerly: legacyCustomerKey(email) });
        during.push((await fileWithPersonalData(worldUnder(testCustomerIndex, stale), customer(email), 'Lagos Mutual', false)).id);
        during.push((await fileWithPersonalData(worldUnder(testCustomerIndex), customer(email), 'Lagos Mutual', false)).id);
        // Between the bind and the re-seal both open: under the new name, then the old.
        for (const id of [...ids, ...during]) expect(await reveal(id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
      },
    });

    expect(waited).toBe(60_000); // the writers that read the key before the bind are given time to finish
    expect(report.finished).toBeGreaterThanOrEqual(1);
    expect(during).toHaveLength(2);
    for (const id of [...ids, ...during]) expect(await reveal(id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await tracesOf(email)).toEqual([]);
  });

  it('stopped after the bind, a rerun picks the key up there and waits only what is left of the settle time', async () => {
    const { email, ids } = await rekeyedCustomer('efe', 1);
    const t0 = Date.parse('2026-11-23T10:00:00Z');

    await expect(
      reseal({ settleMs: 60_000, now: () => t0, sleep: async () => Promise.reject(new Error('stopped by the operator')) }),
    ).rejects.toThrow('stopped by the operator');
    expect(await keyItem(testCustomerKey(email))).toMatchObject({ formerly: legacyCustomerKey(email), rebindingSince: t0 });
    expect(await reveal(ids[0]!)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    const waits: number[] = [];
    const rerun = await reseal({ settleMs: 60_000, now: () => t0 + 45_000, sleep: async (ms) => void waits.push(ms) });

    expect(waits).toEqual([15_000]);
    expect(rerun).toMatchObject({ bound: 0, finished: 1 });
    expect(await keyItem(testCustomerKey(email))).toEqual({ pk: testCustomerKey(email), wrapped: expect.any(String) });
    expect(await reveal(ids[0]!)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await tracesOf(email)).toEqual([]);
  });

  it('never revives an erased key, before or during the run, and two runs at once finish each key once', async () => {
    const shredded = await rekeyedCustomer('bola', 1);
    const erasedDuring = await rekeyedCustomer('kunle', 1);
    const kept = await rekeyedCustomer('ngozi', 2);
    const world = worldUnder(testCustomerIndex);
    expect(await world.cipher.shred(await testCustomerIndex.keysOf(shredded.email))).toBe(true);

    const [a, b] = await Promise.all([
      reseal({ onBound: async () => void (await world.cipher.shred(await testCustomerIndex.keysOf(erasedDuring.email))) }),
      reseal(),
    ]);

    for (const gone of [shredded, erasedDuring]) {
      expect(await keyItem(testCustomerKey(gone.email))).toBeUndefined();
      expect(await keyItem(legacyCustomerKey(gone.email))).toBeUndefined();
      expect(await reveal(gone.ids[0]!)).toMatchObject({ ok: false });
    }
    expect(a.bound + b.bound).toBeGreaterThanOrEqual(1);
    expect(await keyItem(testCustomerKey(kept.email))).toEqual({ pk: testCustomerKey(kept.email), wrapped: expect.any(String) });
    for (const id of kept.ids) expect(await reveal(id)).toEqual({ ok: true, field: 'accountNumber', value: ACCOUNT });
    expect(await tracesOf(kept.email)).toEqual([]);
  });
});
