import { randomBytes } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KmsKeyringNode,
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
 * hash to the blind index still opens (and seals) as before.
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
    const keyring = await this.customerKeyring(ref.customer, true);
    const { result } = await sdk().encrypt(keyring!, Buffer.from(plain, 'utf8'), { suiteId: suite(), encryptionContext: fieldContext(ref) });
    return result.toString('base64');
  }

  async open(ref: SealedFieldRef, sealed: string): Promise<string | undefined> {
    const keyring = await this.customerKeyring(ref.customer, false);
    if (!keyring) return undefined;
    return (await openBound(keyring, sealed, fieldContext(ref))).toString('utf8');
  }

  shred(customer: CustomerKeys): Promise<boolean> {
    return destroyCustomerKeys(this.keys, customer);
  }

  private async customerKeyring(customer: CustomerKeys, create: boolean): Promise<KeyringNode | undefined> {
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
    return new RawAesKeyringNode({
      keyNamespace: CUSTOMER_KEY_NAMESPACE,
      keyName: found.boundTo,
      unencryptedMasterKey: new Uint8Array(key),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  }
}

const fieldContext = (ref: SealedFieldRef): Record<string, string> => ({ purpose: 'case-field', caseId: ref.caseId, field: ref.field });
const keyContext = (customer: string): Record<string, string> => ({ purpose: 'customer-data-key', customer });
