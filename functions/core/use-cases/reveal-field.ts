import * as z from '../../domain/zod';
import { mayRevealAtAll, mayRevealOn } from '../../domain/access/reveal-access';
import { fieldErrors } from '../../domain/field-errors';
import type { StaffActor } from '../../domain/lifecycle/model';
import { sensitiveFields } from '../../domain/sensitive-fields';
import { notFound, refused, type Outcome } from '../outcomes';
import type { CaseStore, FieldCipher, PolicyBook } from '../ports';
import { audited, type AuditTrail } from './audit-trail';

export const RevealRequestSchema = z.strictObject({ field: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'a detail field name')).register(z.globalRegistry, { example: 'accountNumber' }) }).register(z.globalRegistry, { id: 'RevealRequest' });
export const RevealedFieldSchema = z.object({ field: z.string(), value: z.string() }).register(z.globalRegistry, { id: 'RevealedField' });
export type RevealedField = z.infer<typeof RevealedFieldSchema>;

export interface RevealFieldDeps {
  store: Pick<CaseStore, 'get' | 'customerKeysOf'>;
  policies: PolicyBook;
  cipher: FieldCipher;
  audit?: AuditTrail;
}

/**
 * A sensitive detail in clear, for finance (`mayRevealOn`), and on the record: every attempt, allowed or not, is
 * an audit entry naming the field (never the value). Other roles are refused the call whatever the case; a case
 * finance may not reveal on answers as a missing one.
 */
export async function revealField(deps: RevealFieldDeps, caseId: string, actor: StaffActor, input: unknown): Promise<Outcome<RevealedField>> {
  const request = RevealRequestSchema.safeParse(input);
  const action = `reveal:${request.success ? request.data.field : 'invalid'}`;
  const record = <T extends { ok: boolean }>(outcome: T) => audited(deps.audit, actor, action, caseId, outcome);
  if (!mayRevealAtAll(actor)) return record(refused('forbidden', 'Only finance may see a sensitive value in clear.'));
  if (!request.success) return record(refused('invalid', 'The request has invalid fields; see errors.', fieldErrors(request.error.issues)));
  const theCase = await deps.store.get(caseId);
  const policy = theCase && deps.policies.of(theCase.policy);
  if (!theCase || !policy || !mayRevealOn(policy, actor, theCase.lifecycle)) return record(notFound('No such complaint.'));
  const { field } = request.data;
  if (!sensitiveFields(policy, theCase.category).includes(field)) {
    return record(refused('invalid', 'Only a sensitive detail field of the case can be revealed.', [{ field: 'field', message: `not a sensitive detail of a ${theCase.category} case` }]));
  }
  const sealed = theCase.sealed?.[field];
  if (theCase.erasedAt !== undefined) return record(refused('gone', "The customer's personal data was erased."));
  if (sealed === undefined) return record(refused('not_found', 'The customer gave no value for this field.'));
  const value = await deps.cipher.open({ customer: await deps.store.customerKeysOf(theCase.customer.email), caseId, field }, sealed);
  if (value === undefined) return record(refused('gone', "The customer's personal data was erased."));
  return record({ ok: true, field, value });
}
