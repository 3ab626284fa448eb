import * as z from '../../domain/zod';
import type { CustomerProof } from '../../domain/access/audit-entry';
import type { Case } from '../../domain/case';
import { fieldErrors } from '../../domain/field-errors';
import { caseEraser } from '../../domain/erasure';
import type { StaffActor } from '../../domain/lifecycle/model';
import { customerMayOpen } from '../customer-access';
import { notFound, refused, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, FieldCipher, FileStorage, PersonalDataEraser, PolicyBook, RawMailArchive, StepUpStore } from '../ports';
import { audited, auditedForCases, staffAuditActor, type AuditTrail } from './audit-trail';
import { holdsOnCases, onLegalHold, type HoldDeps } from './legal-hold';
import { stepUpGate } from './step-up';

export const ErasureResultSchema = z.object({
    erasedAt: z.iso.datetime({ offset: true }),
    /** Ids of the customer's cases erased (every case filed under the same address). */
    cases: z.array(z.uuid()),
  }).register(z.globalRegistry, { id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** The customer's request: erasure cannot be undone, so the call says it means it. */
export const CustomerErasureRequestSchema = z.strictObject({ confirm: z.literal(true, 'confirm must be true: erasure cannot be undone') }).register(z.globalRegistry, { id: 'CustomerErasureRequest' });

export interface EraseCustomerDataDeps {
  store: Pick<CaseStore, 'get' | 'casesOf' | 'customerKeysOf'> & PersonalDataEraser;
  policies: PolicyBook;
  cipher: Pick<FieldCipher, 'shred'>;
  now: Clock;
  audit?: AuditTrail;
  /** Legal holds (core/use-cases/legal-hold.ts): while one stands on any of the customer's cases, nothing is erased. */
  holds: Omit<HoldDeps, 'policies' | 'now'>;
  /** The cases' files in S3 (uploads, attachments, evidence packs): deleted with each case. */
  files: Pick<FileStorage, 'eraseCaseFiles'>;
  /** The raw inbound emails that became the cases (the inbound-mail bucket): deleted with each case. */
  rawMail: Pick<RawMailArchive, 'eraseCaseMail'>;
}

/** Admins run privacy operations (docs/contracts.md, the access table); no other role erases. */
const mayErase = (actor: StaffActor): boolean => actor.role === 'admin';

/**
 * Erases the personal data of the customer who filed `caseId`, across every case they filed: first their data key
 * is destroyed (crypto-shredding: whatever was sealed under it, wherever a copy lies, stays unreadable even if a
 * later step fails), then each case's items are rewritten without personal data (functions/domain/erasure.ts). The
 * anonymized cases stay, so queue, KPI and audit counts are whole. Running it again finishes an interrupted run.
 * Refused (409) while any of the customer's cases is on legal hold. On the audit log under each case it erased, as
 * the customer's own erasure is, so the log of any of them shows it.
 */
export async function eraseCustomerData(deps: EraseCustomerDataDeps, caseId: string, actor: StaffActor): Promise<Outcome<ErasureResult>> {
  const record = <T extends { ok: boolean }>(outcome: T) => audited(deps.audit, actor, 'erase_customer', caseId, outcome);
  if (!mayErase(actor)) return record(refused('forbidden', 'Only an admin erases personal data.'));
  const theCase = await deps.store.get(caseId);
  if (!theCase) return record(notFound('No such complaint.'));
  const outcome = await eraseUnlessHeld(deps, theCase);
  if (!deps.audit) return outcome;
  return auditedForCases(deps.audit, staffAuditActor(actor), 'erase_customer', erasureTouched(outcome, theCase), outcome);
}

/** The cases an erasure's audit entries go under: each case it erased, or the one asked about when it erased none (or was refused for a hold). */
const erasureTouched = (outcome: Outcome<ErasureResult>, asked: Case): string[] => (outcome.ok && outcome.cases.length > 0 ? outcome.cases : [asked.id]);

/**
 * The customer's own erasure: the case opened with its access token (or an `act` access link), the request
 * confirmed, and a fresh step-up (proving control of the address is what makes every case filed with it theirs).
 * The same erasure as an admin's runs behind it. A wrong credential is the same 404 as a missing case.
 *
 * Once past the step-up, the attempt is on the audit log under each case it erased (the one asked about when it
 * erased none, or was refused for a hold), as `erase_customer` by the customer, with how they proved control.
 */
export async function eraseAsCustomer(
  deps: EraseCustomerDataDeps & { stepUps: Pick<StepUpStore, 'verification'>; links?: AccessLinks; audit: AuditTrail },
  caseId: string,
  credential: string | undefined,
  body: unknown,
): Promise<Outcome<ErasureResult>> {
  const theCase = credential ? await deps.store.get(caseId) : undefined;
  if (!theCase || !(await customerMayOpen(deps.links, theCase, credential, 'act', deps.now()))) return notFound();
  const request = CustomerErasureRequestSchema.safeParse(body);
  if (!request.success) return refused('invalid', 'The request is invalid; see errors.', fieldErrors(request.error.issues));
  // An erased case keeps its access token but no address to send a code to: asking again finishes what was done.
  let provedBy: CustomerProof = 'access_token';
  if (theCase.erasedAt === undefined) {
    const gate = await stepUpGate(deps.stepUps, deps.policies.of(theCase.policy), theCase, 'erase', deps.now());
    if (gate) return gate;
    provedBy = 'step_up';
  }
  const outcome = await eraseUnlessHeld(deps, theCase);
  return auditedForCases(deps.audit, { role: 'customer', provedBy }, 'erase_customer', erasureTouched(outcome, theCase), outcome);
}

/** Both erasures: refused while a hold stands on any of the customer's cases, else the erasure itself. */
async function eraseUnlessHeld(deps: EraseCustomerDataDeps, theCase: Case): Promise<Outcome<ErasureResult>> {
  const cases = await customerCases(deps.store, theCase);
  const holds = await holdsOnCases({ ...deps.holds, policies: deps.policies, now: deps.now }, cases);
  if (holds.length > 0) return onLegalHold(holds);
  return eraseCases(deps, theCase, cases);
}

/** The cases erasure covers from `theCase`: every case its address filed (an already erased case has lost it: itself alone). */
export async function customerCases(store: Pick<CaseStore, 'get' | 'casesOf'>, theCase: Case): Promise<Case[]> {
  if (theCase.erasedAt !== undefined) return [theCase];
  const ids = [...new Set([...(await store.casesOf(theCase.customer.email)), theCase.id])];
  const cases = await Promise.all(ids.map((id) => (id === theCase.id ? theCase : store.get(id))));
  return cases.filter((c): c is Case => c !== undefined);
}

/**
 * The erasure itself, once it is allowed: each case's files and raw inbound emails deleted, the customer's key
 * shredded, then each case's items rewritten. Shared by both
 * erasures above and retention's expiry (expire-personal-data.ts), so there is one erasure.
 */
export async function eraseCases(deps: Omit<EraseCustomerDataDeps, 'audit' | 'holds'>, theCase: Case, cases: readonly Case[]): Promise<{ ok: true } & ErasureResult> {
  const at = deps.now().toISOString();
  // Files and raw mails first, before the key: a case whose key is gone reads as erased (its personal parts no
  // longer open), and an erased case is one that retention and a second erasure skip. So a failed delete here must
  // leave everything as it was, for the next attempt to find and finish.
  for (const c of cases) {
    await deps.files.eraseCaseFiles(c.id);
    await deps.rawMail.eraseCaseMail(c.id);
  }
  if (theCase.erasedAt === undefined) await deps.cipher.shred(await deps.store.customerKeysOf(theCase.customer.email));
  const erased: string[] = [];
  for (const c of cases) {
    if ((await deps.store.erasePersonalData(c.id, caseEraser(deps.policies.of(c.policy), at))) === 'erased') erased.push(c.id);
  }
  return { ok: true, erasedAt: theCase.erasedAt ?? at, cases: erased };
}
