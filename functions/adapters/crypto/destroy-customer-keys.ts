import type { CustomerKeys, CustomerKeyStore } from '../../core/ports';

/**
 * Destroys a customer's data key under each key it may be stored under; false when there was none. The old key
 * first, the blind index last: tools/rekey-customers.ts moves a key from the old to the new in one step, so whichever
 * side of that step this lands on, the key is deleted and never revived. Kept apart from the cipher so that erasure
 * (which needs no master key) does not bundle the Encryption SDK.
 */
export async function destroyCustomerKeys(keys: CustomerKeyStore, customer: CustomerKeys): Promise<boolean> {
  let destroyed = false;
  for (const key of [...customer].reverse()) destroyed = (await keys.destroy(key)) || destroyed;
  return destroyed;
}
