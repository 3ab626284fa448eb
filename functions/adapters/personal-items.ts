import { CaseSchema, type Case } from '../domain/case';
import { erasedPersonalData } from '../domain/erasure';
import { LifecycleEventSchema, type LifecycleEvent } from '../domain/lifecycle/events';
import { CASE_PERSONAL_ATTRIBUTES, EVENT_PERSONAL_ATTRIBUTE, joinPersonalData, OUTBOX_PERSONAL_ATTRIBUTE, splitPersonalData, type CasePersonalData } from '../domain/privacy/personal-data';
import { OutboxMessageSchema, type OutboxMessage } from '../core/outbox';
import { openItem, sealItem, type PersonalKeys } from './crypto/personal-keys';

/**
 * The case table's items with their personal parts (domain/privacy/personal-data.ts) sealed: the parts of one item
 * as one blob (`personal`) under the customer's personal-data key, whose id (the customer's blind index, no address
 * in it) stays in clear (`personalKey`) so a read finds the key without the customer index secret.
 *
 * Opening: an item with no blob was written before sealing (or after erasure) and reads as it is; an item whose key
 * is gone (erasure destroyed it: a restored backup, an unsent outbox item, a race) or no longer matches reads as
 * erased, never as an error that would block a queue page.
 */

export const SEALED_UNDER = 'personalKey';
export const SEALED = 'personal';
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', SEALED_UNDER, SEALED] as const;

/** The item's attributes without table keys and sealing (what the schemas parse). */
export const withoutKeys = (item: Record<string, unknown>): Record<string, unknown> => {
  const rest = { ...item };
  for (const k of KEY_ATTRIBUTES) delete rest[k];
  return rest;
};

/** The customer key each opened case was sealed under, so a commit of it seals again without the customer index. */
const sealedUnder = new WeakMap<Case, string>();
export const personalKeyOf = (c: Case): string | undefined => sealedUnder.get(c);
export const rememberPersonalKey = (c: Case, keyId: string): Case => (sealedUnder.set(c, keyId), c);

async function opened(keys: PersonalKeys | undefined, item: Record<string, unknown>): Promise<unknown> {
  const blob = item[SEALED];
  const keyId = item[SEALED_UNDER];
  if (typeof blob !== 'string' || typeof keyId !== 'string' || !keys) return undefined;
  for (const fresh of [false, true]) {
    const key = await keys.existing(keyId, fresh);
    if (!key) return undefined;
    try {
      return openItem(key, String(item.pk), String(item.sk), blob);
    } catch {
      // The cached key may be one erasure destroyed since (the customer has a new one now): read the table once.
      // Sealed under a destroyed key, it stays as unreadable as with no key.
    }
  }
  return undefined;
}

const isSealed = (item: Record<string, unknown>) => typeof item[SEALED] === 'string';

/** The case an item holds, its personal parts opened (or erased when they cannot be). */
export async function openCase(keys: PersonalKeys | undefined, item: Record<string, unknown>): Promise<Case> {
  if (!isSealed(item)) return CaseSchema.parse(withoutKeys(item));
  const rest = withoutKeys(item) as Record<string, unknown> & { category: string };
  const personal = (await opened(keys, item)) as CasePersonalData | undefined;
  // Unopenable: read as erased, `erasedAt` its last change, so no write seals the placeholders over the blob (a
  // commit of an erased case writes no personal parts) and views answer as for an erased case.
  const theCase = CaseSchema.parse(
    personal
      ? joinPersonalData(rest as never, personal)
      : { ...joinPersonalData(rest as never, erasedPersonalData(undefined, rest.category, { customer: { name: '', email: '' }, subject: '', description: '', details: {} })), erasedAt: rest.erasedAt ?? rest.updatedAt },
  );
  return rememberPersonalKey(theCase, String(item[SEALED_UNDER]));
}

/** The event an item holds, its message opened (dropped when it cannot be). */
export async function openEvent(keys: PersonalKeys | undefined, item: Record<string, unknown>): Promise<LifecycleEvent> {
  const personal = isSealed(item) ? ((await opened(keys, item)) as Record<string, unknown> | undefined) : undefined;
  return LifecycleEventSchema.parse({ ...withoutKeys(item), ...(personal ?? {}) });
}

/** The outbox message an item holds, its content opened (dropped when it cannot be: the mail has no one to go to). */
export async function openOutbox(keys: PersonalKeys | undefined, item: Record<string, unknown>): Promise<OutboxMessage> {
  const personal = isSealed(item) ? ((await opened(keys, item)) as Record<string, unknown> | undefined) : undefined;
  return OutboxMessageSchema.parse({ ...withoutKeys(item), ...(personal ?? {}) });
}

/** A customer's key for sealing an item: its id and the key. */
export interface SealingKey {
  id: string;
  key: Buffer;
}

/** The case's attributes to store: its personal parts as one blob under the key, the rest in clear. */
export function sealedCaseAttributes(key: SealingKey, pk: string, sk: string, theCase: Case): Record<string, unknown> {
  const { rest, personal } = splitPersonalData(theCase);
  return { ...rest, [SEALED_UNDER]: key.id, [SEALED]: sealItem(key.key, pk, sk, personal) };
}

/** An event or outbox item with its one personal attribute sealed (as it was when it has none). */
export function sealedAttribute<T extends Record<string, unknown>>(key: SealingKey | undefined, item: T, attribute: typeof EVENT_PERSONAL_ATTRIBUTE | typeof OUTBOX_PERSONAL_ATTRIBUTE): Record<string, unknown> {
  if (!key || item[attribute] === undefined) return item;
  const { [attribute]: value, ...rest } = item;
  return { ...rest, [SEALED_UNDER]: key.id, [SEALED]: sealItem(key.key, String(item.pk), String(item.sk), { [attribute]: value }) };
}

export { CASE_PERSONAL_ATTRIBUTES };
