import * as z from 'zod';
import { customerKey } from '../../domain/customer-key';
import { caseEraser } from '../../domain/erasure';
import type { StaffActor } from '../../domain/lifecycle/model';
import { notFound, refused, type Outcome } from '../outcomes';
import type { CaseStore, Clock, FieldCipher, PersonalDataEraser, PolicyBook } from '../ports';
import { audited, type AuditTrail } from './audit-trail';

export const ErasureResultSchema = z
  .object({
    erasedAt: z.iso.datetime({ offset: true }),
    /** Ids of the customer's cases erased (every case filed under the same address). */
    cases: z.array(z.uuid()),
  })
  .meta({ id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

export interface EraseCustomerDataDeps {
  store: Pick<CaseStore, 'get' | 'casesOf'> & PersonalDataEraser;
  policies: PolicyBook;
  cipher: Pick<FieldCipher, 'shred'>;
  now: Clock;
  audit?: AuditTrail;
}

/** Admins run privacy operations (docs/contracts.md, the access table); no other role erases. */
const mayErase = (actor: StaffActor): boolean => actor.role === 'admin';

/**
 * Erases the personal data of the customer who filed `caseId`, across every case they filed: first their data key
 * is destroyed (crypto-shredding: whatever was sealed under it, wherever a copy lies, stays unreadable even if a
 * later step fails), then each case's items are rewritten without personal data (functions/domain/erasure.ts). The
 * anonymized cases stay, so queue, KPI and audit counts are whole. Running it again finishes an interrupted run.
 */
export async function eraseCustomerData(deps: EraseCustomerDataDeps, caseId: string, actor: StaffActor): Promise<Outcome<ErasureResult>> {
  const record = <T extends { ok: boolean }>(outcome: T) => audited(deps.audit, actor, 'erase_customer', caseId, outcome);
  if (!mayErase(actor)) return record(refused('forbidden', 'Only an admin erases personal data.'));
  const theCase = await deps.store.get(caseId);
  if (!theCase) return record(notFound('No such complaint.'));
  const at = deps.now().toISOString();
  const email = theCase.customer.email;
  // The address names the customer's other cases; an already erased case has lost it, and erases itself alone.
  const ids = theCase.erasedAt === undefined ? [...new Set([...(await deps.store.casesOf(email)), caseId])] : [caseId];
  if (theCase.erasedAt === undefined) await deps.cipher.shred(customerKey(email));
  const erased: string[] = [];
  for (const id of ids) {
    const c = id === caseId ? theCase : await deps.store.get(id);
    if (!c) continue;
    if ((await deps.store.erasePersonalData(id, caseEraser(deps.policies.of(c.policy), at))) === 'erased') erased.push(id);
  }
  return record({ ok: true, erasedAt: theCase.erasedAt ?? at, cases: erased });
}
