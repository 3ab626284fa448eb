import type { StaffActor } from '../../domain/lifecycle/model';
import { mayReadCase } from '../../domain/access/read-access';
import type { CustomerCaseView, StaffCaseView } from '../../domain/case-view';
import { notFound, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, PolicyBook, StepUpStore } from '../ports';
import { customerMayOpen } from '../customer-access';
import type { StepUpVerification } from '../../domain/identity/step-up';
import { customerCaseView, staffCaseView } from '../views';
import { audited, type AuditTrail } from './audit-trail';
import { logCase } from '../logger';
import { payoutSection } from '../../domain/payout-details';
import { stepUpGate } from './step-up';

export interface ReadCaseDeps {
  store: CaseStore;
  policies: PolicyBook;
  now: Clock;
  /** Lets a signed access link open the case as the access token does (see `customerMayOpen`). */
  links?: AccessLinks;
  /** The customer's verifications: payout details are shown only after a fresh step-up (none without this). */
  stepUps?: Pick<StepUpStore, 'verification'>;
}

/**
 * The case as its customer sees it, opened with its access token or an access link. A missing case, a missing or
 * wrong credential and another case's are the same refusal, so the answer never tells whether a case exists.
 */
export async function readCaseAsCustomer(deps: ReadCaseDeps, caseId: string, credential: string | undefined): Promise<Outcome<{ view: CustomerCaseView }>> {
  const found = credential ? await deps.store.getWithTimeline(caseId) : undefined;
  if (!found || !(await customerMayOpen(deps.links, found.theCase, credential, 'view', deps.now()))) return notFound();
  logCase(found.theCase);
  const policy = deps.policies.of(found.theCase.policy);
  // Payout details only after a fresh step-up (the gate answers undefined when the operation is open).
  const unlocked = deps.stepUps !== undefined && (await stepUpGate(deps.stepUps, policy, found.theCase, 'payout_details', deps.now())) === undefined;
  return { ok: true, view: { ...customerCaseView(deps, found.theCase, found.timeline), ...payoutSection(policy, found.theCase, unlocked) } };
}

/**
 * The whole case for staff, to those the access table lets read it (`mayReadCase`); any other case gets the same
 * answer as a missing one.
 */
export async function readCaseAsStaff(
  deps: ReadCaseDeps & { audit?: AuditTrail; stepUps?: Pick<StepUpStore, 'verification'> },
  caseId: string,
  actor: StaffActor,
): Promise<Outcome<{ view: StaffCaseView & { customerVerification?: StepUpVerification } }>> {
  const found = await deps.store.getWithTimeline(caseId);
  if (!found || !mayReadCase(deps.policies.of(found.theCase.policy), actor, found.theCase.lifecycle)) return audited(deps.audit, actor, 'read_case', caseId, notFound('No such complaint.'));
  logCase(found.theCase);
  // Whether (when, how) the customer proved control of the case's email by a step-up code.
  const customerVerification = await deps.stepUps?.verification(caseId);
  return audited(deps.audit, actor, 'read_case', caseId, { ok: true, view: { ...staffCaseView(deps, found.theCase, found.timeline), ...(customerVerification ? { customerVerification } : {}) } });
}
