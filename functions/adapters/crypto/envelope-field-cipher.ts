import { randomBytes } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
  MultiKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  type KeyringNode,
} from '@aws-crypto/client-node';
import { destroyCustomerKeys } from './destroy-customer-keys';
import { UnreadableFieldError, type CustomerKeys, type CustomerKeyStore, type FieldCipher, type SealedFieldRef, type WrappedCustomerKey } from '../../core/ports';

/**
 * Field-level envelope encryption with the AWS Encryption SDK, two levels deep:
 *
 * - each customer has a 256-bit data key, stored only wrapped by the deployment's master keyring (a KMS
 *   customer-managed key on AWS, a raw AES key the local stack made under `.local/` on a laptop), in the
 *   {@link CustomerKeyStore};
 * - each value is an Encryption SDK message under a raw AES keyring made of that customer key, with the case id and
 *   the field name in its encryption context.
 *
 * A customer's data key is looked up under each of their keys in turn (the blind index, then the unkeyed hash of
 * earlier versions) and made under the first; it stays bound to the key it was made under (`boundTo`), which is in
 * its wrapping's encryption context and is the key name in each value sealed with it, so a key moved from the old
 * hash to the blind index still opens (and seals) as before. tools/reseal-customers.ts binds such a key to its own
 * key ({@link CustomerKeyRebinder}); until it has re-sealed every value, a value opens under the new name or the old
 * (`formerly`), and new values are sealed under the new.
 *
 * So erasure destroys one small item (the wrapped key) and every value sealed for that customer, wherever a copy
 * of it lies, can no longer be opened; and one KMS call per use opens the customer key, not one per field.
 */

// Both below are functions, not values computed at import: a module with no top-level side effect is one esbuild
// can leave out, with the whole Encryption SDK, of every function that imports the wiring but never seals a field
// (test/infra/heavy-libraries-bundling.test.ts).
// Committing suite without a signature: values are read back by the same service that wrote them (a signature
// would add a public key to every value and buys nothing when writer and reader share the key).
const suite = () => AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
// One wrapped data key per message: more would be a message we did not write.
let client: ReturnType<typeof buildClient> | undefined;
const sdk = () => (client ??= buildClient({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: 1 }));
const CUSTOMER_KEY_NAMESPACE = 'redress-customer-key';

/** The master keyring on AWS: the customer-managed KMS key (its ARN from the Field keys construct). */
export const kmsMasterKeyring = (keyArn: string): KeyringNode => new KmsKeyringNode({ generatorKeyId: keyArn });

/** The master keyring on a laptop: a raw AES-256 key (32 bytes) the local stack keeps under `.local/`. */
export function rawAesMasterKeyring(key: Uint8Array): KeyringNode {
  if (key.byteLength !== 32) throw new Error('the local field master key must be 32 bytes');
  return new RawAesKeyringNode({
    keyNamespace: 'redress-local',
    keyName: 'field-master-key',
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** Opens a message and checks that it carries exactly the context expected (the SDK does not check it for us). */
async function openBound(keyring: KeyringNode, message: string, context: Record<string, string>): Promise<Buffer> {
  let opened: Awaited<ReturnType<ReturnType<typeof sdk>['decrypt']>>;
  try {
    opened = await sdk().decrypt(keyring, Buffer.from(message, 'base64'));
  } catch (e) {
    throw new UnreadableFieldError(`sealed value refused: ${e instanceof Error ? e.message : 'unreadable'}`);
  }
  const got = opened.messageHeader.encryptionContext;
  for (const [k, v] of Object.entries(context)) {
    if (got[k] !== v) throw new UnreadableFieldError(`sealed value refused: it is bound to another ${k}`);
  }
  return opened.plaintext;
}

export class EnvelopeFieldCipher implements FieldCipher {
  constructor(
    private readonly master: KeyringNode,
    private readonly keys: CustomerKeyStore,
  ) {}

  async seal(ref: SealedFieldRef, plain: string): Promise<string> {
    const keyring = await this.customerKeyring(ref.customer, true, 'seal');
    const { result } = await sdk().encrypt(keyring!, Buffer.from(plain, 'utf8'), { suiteId: suite(), encryptionContext: fieldContext(ref) });
    return result.toString('base64');
  }

  async open(ref: SealedFieldRef, sealed: string): Promise<string | undefined> {
    const keyring = await this.customerKeyring(ref.customer, false, 'open');
    if (!keyring) return undefined;
    return (await openBound(keyring, sealed, fieldContext(ref))).toString('utf8');
  }

  shred(customer: CustomerKeys): Promise<boolean> {
    return destroyCustomerKeys(this.keys, customer);
  }

  private async customerKeyring(customer: CustomerKeys, create: boolean, use: 'seal' | 'open'): Promise<KeyringNode | undefined> {
    let found: WrappedCustomerKey | undefined;
    for (const key of customer) {
      found = await this.keys.wrapped(key);
      if (found) break;
    }
    if (found === undefined) {
      if (!create) return undefined;
      const { result } = await sdk().encrypt(this.master, randomBytes(32), { suiteId: suite(), encryptionContext: keyContext(customer[0]) });
      // Two first cases of one customer at once: both wrap a key, one is kept, both use the kept one.
      found = await this.keys.keep(customer[0], result.toString('base64'));
    }
    const key = await openBound(this.master, found.wrapped, keyContext(found.boundTo));
    const current = namedKeyring(found.boundTo, key);
    // Being re-sealed: a value not re-sealed yet (or sealed by a writer that read the key before it was bound anew) names the old key.
    if (use === 'open' && found.formerly) return new MultiKeyringNode({ children: [current, namedKeyring(found.formerly, key)] });
    return current;
  }
}

/** A raw AES keyring of a customer's data key under a key name: the name is written into (and matched in) each value. */
const namedKeyring = (name: string, key: Uint8Array): KeyringNode =>
  new RawAesKeyringNode({
    keyNamespace: CUSTOMER_KEY_NAMESPACE,
    keyName: name,
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

/**
 * What tools/reseal-customers.ts does with a customer's data key bound to an old key (`boundTo`): open it under that
 * binding, wrap it again bound to another key, and seal a value again under the other key's name. The clear data key
 * stays in memory only.
 */
export class CustomerKeyRebinder {
  constructor(private readonly master: KeyringNode) {}

  /** The clear data key of a wrapping bound to `boundTo`. */
  async open(wrapped: string, boundTo: string): Promise<Uint8Array> {
    return new Uint8Array(await openBound(this.master, wrapped, keyContext(boundTo)));
  }

  /** The data key wrapped again, bound to `customer` (the encryption context names it). */
  async wrap(key: Uint8Array, customer: string): Promise<string> {
    const { result } = await sdk().encrypt(this.master, key, { suiteId: suite(), encryptionContext: keyContext(customer) });
    return result.toString('base64');
  }

  /** The value sealed again under the name `to`, when it is sealed under the name `from` (same data key); else undefined. */
  async reseal(key: Uint8Array, from: string, to: string, ref: Omit<SealedFieldRef, 'customer'>, sealed: string): Promise<string | undefined> {
    const context = fieldContext({ ...ref, customer: [from] });
    let plain: Buffer;
    try {
      plain = await openBound(namedKeyring(from, key), sealed, context);
    } catch (e) {
      if (e instanceof UnreadableFieldError) return undefined; // under the new name already, or not this customer's
      throw e;
    }
    const { result } = await sdk().encrypt(namedKeyring(to, key), plain, { suiteId: suite(), encryptionContext: context });
    return result.toString('base64');
  }
}

const fieldContext = (ref: SealedFieldRef): Record<string, string> => ({ purpose: 'case-field', caseId: ref.caseId, field: ref.field });
const keyContext = (customer: string): Record<string, string> => ({ purpose: 'customer-data-key', customer });
