import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { UnreadableFieldError, type CustomerKeyStore, type CustomerKeys } from '../../functions/core/ports';
import { testCustomerKey } from '../support/customer-index';

/**
 * What every CustomerKeyStore must do (DynamoDB Local, in memory), and the field cipher over it with the local
 * master keyring (raw AES): round trip, values bound to their case and field, tampering refused, shredding final.
 */
export function customerKeyStoreContract(name: string, keys: () => CustomerKeyStore) {
  const customer = (): string => testCustomerKey(`${crypto.randomUUID()}@example.com`);
  const customers = (): CustomerKeys => [customer()];

  describe(`${name}: customer key store`, () => {
    it('keeps the first key and hands it to a later writer', async () => {
      const c = customer();
      expect(await keys().wrapped(c)).toBeUndefined();
      expect(await keys().keep(c, 'first')).toEqual({ wrapped: 'first', boundTo: c });
      expect(await keys().keep(c, 'second')).toEqual({ wrapped: 'first', boundTo: c });
      expect(await keys().wrapped(c)).toEqual({ wrapped: 'first', boundTo: c });
    });

    it('destroys a key once', async () => {
      const c = customer();
      await keys().keep(c, 'k');
      expect(await keys().destroy(c)).toBe(true);
      expect(await keys().wrapped(c)).toBeUndefined();
      expect(await keys().destroy(c)).toBe(false);
    });
  });

  describe(`${name}: field cipher (raw AES master keyring)`, () => {
    const cipher = () => new EnvelopeFieldCipher(rawAesMasterKeyring(masterKey), keys());
    const ref = () => ({ customer: customers(), caseId: crypto.randomUUID(), field: 'accountNumber' });

    it('opens what it sealed, and the sealed text does not hold the value', async () => {
      const r = ref();
      const sealed = await cipher().seal(r, '0123456789');
      expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('0123456789');
      expect(await cipher().open(r, sealed)).toBe('0123456789');
    });

    it('uses one key per customer, stored only wrapped', async () => {
      const r = ref();
      await cipher().seal(r, '0123456789');
      await cipher().seal({ ...r, field: 'other' }, '9876543210');
      const wrapped = await keys().wrapped(r.customer[0]);
      expect(wrapped).toBeDefined();
      expect(Buffer.from(wrapped!.wrapped, 'base64').byteLength).toBeGreaterThan(32);
    });

    it('refuses a value opened for another case, another field or another customer', async () => {
      const r = ref();
      const sealed = await cipher().seal(r, '0123456789');
      await expect(cipher().open({ ...r, caseId: crypto.randomUUID() }, sealed)).rejects.toThrow(UnreadableFieldError);
      await expect(cipher().open({ ...r, field: 'bankName' }, sealed)).rejects.toThrow(UnreadableFieldError);
      const other = customers();
      await cipher().seal({ ...r, customer: other }, 'x');
      await expect(cipher().open({ ...r, customer: other }, sealed)).rejects.toThrow(UnreadableFieldError);
    });

    it('refuses a tampered value', async () => {
      const r = ref();
      const bytes = Buffer.from(await cipher().seal(r, '0123456789'), 'base64');
      bytes[bytes.length - 20]! ^= 0x01;
      await expect(cipher().open(r, bytes.toString('base64'))).rejects.toThrow(UnreadableFieldError);
    });

    it('refuses a value under another master key', async () => {
      const r = ref();
      const sealed = await cipher().seal(r, '0123456789');
      const stranger = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), keys());
      await expect(stranger.open(r, sealed)).rejects.toThrow(UnreadableFieldError);
    });

    it('once the customer key is shredded, nothing sealed under it opens again', async () => {
      const r = ref();
      const sealed = await cipher().seal(r, '0123456789');
      expect(await cipher().shred(r.customer)).toBe(true);
      expect(await cipher().open(r, sealed)).toBeUndefined();
      // A later case of the same address gets a new key, which does not open the old value either.
      await cipher().seal({ ...r, caseId: crypto.randomUUID() }, 'new');
      await expect(cipher().open(r, sealed)).rejects.toThrow(UnreadableFieldError);
    });
  });
}
const masterKey = randomBytes(32);
