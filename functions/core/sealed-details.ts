import type { Case } from '../domain/case';
import type { Policy } from '../domain/policy';
import { masked, sensitiveFields } from '../domain/sensitive-fields';
import type { CustomerKeys, FieldCipher } from './ports';

/**
 * The case as it may be stored: each sensitive detail sealed under the customer's data key (bound to the case and
 * the field; `customer`: the keys the store files the customer under) into `sealed`, and replaced in `details` by its mask, so every view, mail, log line and export built
 * from `details` shows only the last four characters. Undefined when the case holds a sensitive value and there is
 * no cipher to seal it (the caller refuses the value rather than store it in clear).
 */
export async function sealSensitiveDetails(cipher: FieldCipher | undefined, policy: Policy, theCase: Case, customer: CustomerKeys): Promise<Case | undefined> {
  const fields = sensitiveFields(policy, theCase.category).filter((f) => typeof theCase.details[f] === 'string');
  if (fields.length === 0) return theCase;
  if (!cipher) return undefined;
  const details = { ...theCase.details };
  const sealed = { ...theCase.sealed };
  for (const field of fields) {
    const value = details[field] as string;
    sealed[field] = await cipher.seal({ customer, caseId: theCase.id, field }, value);
    details[field] = masked(value);
  }
  return { ...theCase, details, sealed };
}
