import * as z from 'zod';
import type { Case } from '../../domain/case';
import { fieldErrors } from '../../domain/complaint';
import { customerKey } from '../../domain/customer-key';
import { caseEraser } from '../../domain/erasure';
import type { StaffActor } from '../../domain/lifecycle/model';
import { customerMayOpen } from '../customer-access';
import { notFound, refused, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, FieldCipher, PersonalDataEraser, PolicyBook, StepUpStore } from '../ports';
import { audited, type AuditTrail } from './audit-trail';
import { stepUpGate } from './step-up';

export const ErasureResultSchema = z
  .object({
    erasedAt: z.iso.datetime({ offset: true }),
    /** Ids of the customer's cases erased (every case filed under the same address). */
    cases: z.array(z.uuid()),
  })
  .meta({ id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** The customer's request: erasure cannot be undone, so the call says it means it. */
export const CustomerErasureRequestSchema = z
  .object({ confirm: z.literal(true, 'confirm must be true: erasure cannot be undone') })
  .strict()
  .meta({ id: 'CustomerErasureRequest' });

/**
 * Whether a legal hold (a dispute or chargeback under way) keeps a case's data: erasure is refused while one of the
 * customer's cases is held. The hold itself belongs to retention (not built here); without this check nothing is held.
 */
export type LegalHoldCheck = (theCase: Case) => Promise<boolean>;

export interface EraseCustomerDataDeps {
  store: Pick<CaseStore, 'get' | 'casesOf'> & PersonalDataEraser;
  policies: PolicyBook;
  cipher: Pick<FieldCipher, 'shred'>;
  now: Clock;
  audit?: AuditTrail;
  legalHold?: LegalHoldCheck;
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
  return record(await eraseFor(deps, theCase));
}

/**
 * The customer's own erasure: the case opened with its access token (or an `act` access link), the request
 * confirmed, and a fresh step-up (proving control of the address is what makes every case filed with it theirs).
 * The same erasure as an admin's runs behind it. A wrong credential is the same 404 as a missing case.
 */
export async function eraseAsCustomer(
  deps: EraseCustomerDataDeps & { stepUps: Pick<StepUpStore, 'verification'>; links?: AccessLinks },
  caseId: string,
  credential: string | undefined,
  body: unknown,
): Promise<Outcome<ErasureResult>> {
  const theCase = credential ? await deps.store.get(caseId) : undefined;
  if (!theCase || !(await customerMayOpen(deps.links, theCase, credential, 'act', deps.now()))) return notFound();
  const request = CustomerErasureRequestSchema.safeParse(body);
  if (!request.success) return refused('invalid', 'The request is invalid; see errors.', fieldErrors(request.error.issues));
  // An erased case keeps its access token but no address to send a code to: asking again finishes what was done.
  if (theCase.erasedAt !== undefined) return eraseFor(deps, theCase);
  const gate = await stepUpGate(deps.stepUps, deps.policies.of(theCase.policy), theCase, 'erase', deps.now());
  if (gate) return gate;
  return eraseFor(deps, theCase);
}

async function eraseFor(deps: EraseCustomerDataDeps, theCase: Case): Promise<Outcome<ErasureResult>> {
  const caseId = theCase.id;
  const at = deps.now().toISOString();
  const email = theCase.customer.email;
  // The address names the customer's other cases; an already erased case has lost it, and erases itself alone.
  const ids = theCase.erasedAt === undefined ? [...new Set([...(await deps.store.casesOf(email)), caseId])] : [caseId];
  const cases = (await Promise.all(ids.map((id) => (id === caseId ? theCase : deps.store.get(id))))).filter((c): c is Case => c !== undefined);
  if (deps.legalHold && theCase.erasedAt === undefined) {
    for (const c of cases) if (await deps.legalHold(c)) return refused('conflict', `Case ${c.caseNumber} is under legal hold (a dispute or chargeback); personal data is kept until the hold is lifted.`);
  }
  if (theCase.erasedAt === undefined) await deps.cipher.shred(customerKey(email));
  const erased: string[] = [];
  for (const c of cases) {
    if ((await deps.store.erasePersonalData(c.id, caseEraser(deps.policies.of(c.policy), at))) === 'erased') erased.push(c.id);
  }
  return { ok: true, erasedAt: theCase.erasedAt ?? at, cases: erased };
}
