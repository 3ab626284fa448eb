import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { traced } from '../tracer';

/**
 * Per-customer personal-data keys (crypto-shredding of everything personal the case table holds): one random
 * AES-256 key per customer, kept only wrapped, as the attribute `personal` of the customer's item in the customer-keys
 * table (functions/adapters/crypto/dynamodb-customer-keys.ts), beside the data key of sealed fields. Erasure deletes
 * that item, so both keys go in one step and every copy of what they sealed (a backup, a stream record, an export
 * of the table) stays sealed for good.
 *
 * Wrapped without the Encryption SDK (it costs every function that opens a case 200 KiB and more): with KMS
 * Encrypt/Decrypt on the field keys' customer-managed key on AWS, with AES-256-GCM under the local field master key
 * on a laptop; both bind the wrapping to `{ purpose: 'customer-personal-key', customer: <key id> }`.
 *
 * Opened keys are kept in the process for {@link KEY_CACHE_MS} (bounded), so a queue page of 50 cases of one
 * customer costs one key read: a key destroyed by erasure stays usable in a warm container up to that long.
 */

export const KEY_CACHE_MS = 5 * 60_000;
const KEY_CACHE_ENTRIES = 1000;
/**
 * How long a key item read ahead for intake ({@link PersonalKeys.warm}) stands in for the read at the write: the write
 * follows within one round; a read ahead whose write never came (a replay, a refusal) is dropped after this long.
 */
export const WARM_READ_MS = 10_000;
/** Reads ahead kept at most (the oldest go first): intakes in flight in one process at once. */
export const WARM_READ_ENTRIES = 100;
const PURPOSE = 'customer-personal-key';
/** The key table's attribute that holds the wrapped personal-data key. */
export const PERSONAL_KEY_ATTRIBUTE = 'personal';

export interface PersonalKeyWrapping {
  wrap(key: Buffer, customer: string): Promise<string>;
  unwrap(wrapped: string, customer: string): Promise<Buffer>;
}

const context = (customer: string) => ({ purpose: PURPOSE, customer });

/** AES-256-GCM under the local field master key (32 bytes), the context as additional data: `iv.tag.ciphertext` (base64). */
export function localPersonalKeyWrapping(master: Buffer): PersonalKeyWrapping {
  if (master.byteLength !== 32) throw new Error('the local field master key must be 32 bytes');
  const aad = (customer: string) => Buffer.from(JSON.stringify(context(customer)), 'utf8');
  return {
    async wrap(key, customer) {
      return gcmSeal(master, aad(customer), key);
    },
    async unwrap(wrapped, customer) {
      return gcmOpen(master, aad(customer), wrapped);
    },
  };
}

/** KMS Encrypt/Decrypt on the customer-managed key, the context as KMS encryption context (the grants require it). */
export function kmsPersonalKeyWrapping(keyArn: string, kms: Pick<KMSClient, 'send'> = traced(new KMSClient({}))): PersonalKeyWrapping {
  return {
    async wrap(key, customer) {
      const out = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: key, EncryptionContext: context(customer) }));
      return Buffer.from(out.CiphertextBlob!).toString('base64');
    },
    async unwrap(wrapped, customer) {
      const out = await kms.send(new DecryptCommand({ KeyId: keyArn, CiphertextBlob: Buffer.from(wrapped, 'base64'), EncryptionContext: context(customer) }));
      return Buffer.from(out.Plaintext!);
    },
  };
}

type KeyItemCondition = { TableName: string; Key: { pk: string }; ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> };

/**
 * A key to seal with and the transaction item that must go with the write sealed under it: for a new key, the
 * update that keeps it unless the customer has one already; for a key read or cached, the check that it is still the
 * customer's (erasure may have destroyed it since, in another container). Either failing cancels the write.
 */
export interface SealingKeyWrite {
  key: Buffer;
  created: boolean;
  write: { Update: KeyItemCondition & { UpdateExpression: string } } | { ConditionCheck: KeyItemCondition };
}

export class PersonalKeys {
  private readonly opened = new Map<string, { at: number; key: Buffer; wrapped: string }>();
  /** Reads ahead by customer, oldest first (each is deleted before it is set again). */
  private readonly warming = new Map<string, { at: number; read: Promise<string | undefined> }>();
  private readonly reading = new Map<string, Promise<Buffer | undefined>>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly wrapping: PersonalKeyWrapping,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The customer's key, undefined when they have none (never made, or destroyed by erasure). `fresh`: read from the
   * table even when cached (a value the cached key does not open may be sealed under a key made since an erasure).
   */
  async existing(customer: string, fresh = false): Promise<Buffer | undefined> {
    const cached = fresh ? undefined : this.cached(customer);
    if (cached) return cached.key;
    // The items of one page or timeline open together: one read and one unwrap per customer, not one per item.
    const pending = this.reading.get(customer);
    if (pending) return pending;
    const read = this.read(customer).finally(() => this.reading.delete(customer));
    this.reading.set(customer, read);
    return read;
  }

  private async read(customer: string): Promise<Buffer | undefined> {
    const wrapped = await this.wrappedOf(customer);
    if (wrapped === undefined) {
      this.opened.delete(customer);
      return undefined;
    }
    return this.opening(customer, wrapped);
  }

  /**
   * Starts reading the customer's key item now, so a write that follows does not wait a round for it (intake). Read
   * even when cached: a write must not seal under a key erasure destroyed a moment ago in another container. The
   * next {@link forWriting} of the customer within {@link WARM_READ_MS} takes the read; nothing else keeps it.
   */
  warm(customer: string): void {
    this.dropStaleReadsAhead();
    if (this.warming.has(customer)) return; // read a moment ago for another intake of the customer, not yet taken
    const read = this.wrappedOf(customer);
    read.catch(() => undefined);
    this.warming.set(customer, { at: this.now(), read });
    while (this.warming.size > WARM_READ_ENTRIES) this.warming.delete(this.warming.keys().next().value!);
  }

  /** The customer's read ahead, if fresh; taken out either way (used once). */
  private readAhead(customer: string): Promise<string | undefined> | undefined {
    const ahead = this.warming.get(customer);
    this.warming.delete(customer);
    return ahead && this.now() - ahead.at < WARM_READ_MS ? ahead.read : undefined;
  }

  private dropStaleReadsAhead(): void {
    for (const [customer, { at }] of this.warming) {
      if (this.now() - at < WARM_READ_MS) break;
      this.warming.delete(customer);
    }
  }

  /** The key to seal with in a transaction: the customer's, or a new one the transaction keeps. */
  async forWriting(customer: string): Promise<SealingKeyWrite> {
    const warm = this.readAhead(customer);
    const cached = warm ? undefined : this.cached(customer);
    if (cached) return { key: cached.key, created: false, write: this.stillTheKey(customer, cached.wrapped) };
    const wrapped = await (warm ?? this.wrappedOf(customer));
    if (wrapped !== undefined) return { key: await this.opening(customer, wrapped), created: false, write: this.stillTheKey(customer, wrapped) };
    this.opened.delete(customer);
    const key = randomBytes(32);
    const write = {
      Update: {
        TableName: this.tableName,
        Key: { pk: customer },
        UpdateExpression: 'SET #personal = :wrapped',
        ConditionExpression: 'attribute_not_exists(#personal)',
        ExpressionAttributeNames: { '#personal': PERSONAL_KEY_ATTRIBUTE },
        ExpressionAttributeValues: { ':wrapped': await this.wrapping.wrap(key, customer) },
      },
    };
    return { key, created: true, write };
  }

  /**
   * The key to seal with outside intake, made and kept now if there is none (two first writers at once end with
   * one key), with the check that it is still the customer's for the caller's transaction.
   */
  async ensure(customer: string): Promise<SealingKeyWrite> {
    const found = await this.forWriting(customer);
    if (!('Update' in found.write)) return found;
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: customer },
        UpdateExpression: 'SET #personal = if_not_exists(#personal, :wrapped)',
        ExpressionAttributeNames: { '#personal': PERSONAL_KEY_ATTRIBUTE },
        ExpressionAttributeValues: found.write.Update.ExpressionAttributeValues,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const kept = out.Attributes?.[PERSONAL_KEY_ATTRIBUTE];
    if (typeof kept !== 'string') throw new Error('customer personal key vanished while being created; retry');
    return { key: await this.opening(customer, kept), created: false, write: this.stillTheKey(customer, kept) };
  }

  /** A key the caller's transaction wrote: kept in the cache like one read. */
  kept(customer: string, written: SealingKeyWrite): void {
    if ('Update' in written.write) this.remember(customer, written.key, written.write.Update.ExpressionAttributeValues[':wrapped'] as string);
  }

  private stillTheKey(customer: string, wrapped: string): { ConditionCheck: KeyItemCondition } {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: { pk: customer },
        ConditionExpression: '#personal = :wrapped',
        ExpressionAttributeNames: { '#personal': PERSONAL_KEY_ATTRIBUTE },
        ExpressionAttributeValues: { ':wrapped': wrapped },
      },
    };
  }

  /** The wrapped key opened, or the cached one when it is the same wrapping (no KMS call for a key already open). */
  private async opening(customer: string, wrapped: string): Promise<Buffer> {
    const cached = this.cached(customer);
    if (cached?.wrapped === wrapped) return cached.key;
    return this.remember(customer, await this.wrapping.unwrap(wrapped, customer), wrapped);
  }

  /** Drops a customer's key from this process (erasure, a lost first write). */
  forget(customer: string): void {
    this.opened.delete(customer);
    this.warming.delete(customer);
  }

  private async wrappedOf(customer: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: customer }, ConsistentRead: true }));
    const wrapped = out.Item?.[PERSONAL_KEY_ATTRIBUTE];
    return typeof wrapped === 'string' ? wrapped : undefined;
  }

  private cached(customer: string): { key: Buffer; wrapped: string } | undefined {
    const hit = this.opened.get(customer);
    if (!hit) return undefined;
    if (this.now() - hit.at < KEY_CACHE_MS) return hit;
    this.opened.delete(customer);
    return undefined;
  }

  private remember(customer: string, key: Buffer, wrapped: string): Buffer {
    this.opened.delete(customer);
    this.opened.set(customer, { at: this.now(), key, wrapped });
    // Oldest first in a Map: past the bound, the least recently opened goes.
    while (this.opened.size > KEY_CACHE_ENTRIES) this.opened.delete(this.opened.keys().next().value!);
    return key;
  }
}

/** The format version of a sealed item: in its additional data, so a later format cannot be mistaken for this one. */
const ITEM_FORMAT = 'v1';
const itemAad = (pk: string, sk: string) => Buffer.from(`redress-personal|${ITEM_FORMAT}|${pk}|${sk}`, 'utf8');

/** One item's personal parts as one AES-256-GCM blob bound to the item's key: `v1.iv.tag.ciphertext` (base64). */
export function sealItem(key: Buffer, pk: string, sk: string, personal: unknown): string {
  return `${ITEM_FORMAT}.${gcmSeal(key, itemAad(pk, sk), Buffer.from(JSON.stringify(personal), 'utf8'))}`;
}

/** The personal parts of an item sealed by {@link sealItem}; throws when the blob is not this item's or was changed. */
export function openItem(key: Buffer, pk: string, sk: string, blob: string): unknown {
  const format = blob.split('.', 1)[0];
  if (format !== ITEM_FORMAT) throw new Error(`sealed item of an unknown format (${format})`);
  return JSON.parse(gcmOpen(key, itemAad(pk, sk), blob.slice(format.length + 1)).toString('utf8'));
}

/**
 * The one AES-256-GCM seal of this file (the local key wrapping, the items' personal parts): a fresh 12-byte IV,
 * `aad` bound in, `iv.tag.ciphertext` (base64).
 */
function gcmSeal(key: Buffer, aad: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64')).join('.');
}

/** What {@link gcmSeal} sealed; throws when the blob is malformed, was changed, or is not under this key and `aad`. */
function gcmOpen(key: Buffer, aad: Buffer, blob: string): Buffer {
  const parts = blob.split('.');
  if (parts.length !== 3) throw new Error('AES-GCM blob malformed');
  const [iv, tag, sealed] = parts.map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer];
  // The tag's full 16 bytes, always: a shorter one given would be checked only that far.
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }).setAAD(aad).setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]);
}
