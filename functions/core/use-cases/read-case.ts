import * as z from '../../domain/zod';
import type { StaffActor } from '../../domain/lifecycle/model';
import { mayReadCase } from '../../domain/access/read-access';
import { mayWorkOn } from '../../domain/lifecycle/scope';
import { StaffCaseViewSchema, type CustomerCaseView } from '../../domain/case-view';
import { notFound, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, PolicyBook, StepUpStore } from '../ports';
import { customerMayOpen } from '../customer-access';
import { StepUpVerificationSchema } from '../../domain/identity/step-up';
import { standingHold, StandingHoldSchema } from '../../domain/privacy/legal-hold';
import { customerCaseView, staffCaseView } from '../views';
import { audited, type AuditTrail } from './audit-trail';
import { holdsOnCase, type HoldDeps } from './legal-hold';
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
 * The staff read of a case (`GET /staff/complaints/{id}`): the case, and two facts kept beside it rather than on it,
 * so an action's answer (the bare `StaffCaseView`) does not carry them.
 */
export const StaffCaseReadSchema = z.extend(StaffCaseViewSchema, {
  /** Whether (when, how) the customer proved control of the case's email by a step-up code; absent: never. */
  customerVerification: z.optional(StepUpVerificationSchema),
  /**
   * Every legal hold standing on the case (core/use-cases/legal-hold.ts), so staff see why its personal data can be
   * neither erased nor expired: an admin's (why, by whom, since when), a dispute with the Dispute Resolution Team or
   * in the mediation window, an unsettled chargeback. Empty: none.
   */
  legalHolds: z.array(StandingHoldSchema),
  /**
   * Whether the reader works the case (`mayWorkOn`: the lifecycle lets them act on it) or only reads it: finance
   * reads every case that carries a refund or chargeback but works only the money categories' cases, so the
   * console offers it no action on the others (the API would refuse them 403).
   */
  works: z.boolean(),
}).register(z.globalRegistry, { id: 'StaffCaseRead' });
export type StaffCaseRead = z.infer<typeof StaffCaseReadSchema>;

/**
 * The whole case for staff, to those the access table lets read it (`mayReadCase`); any other case gets the same
 * answer as a missing one.
 */
export async function readCaseAsStaff(
  deps: ReadCaseDeps & { audit?: AuditTrail; stepUps?: Pick<StepUpStore, 'verification'>; holds: Omit<HoldDeps, 'policies' | 'now'> },
  caseId: string,
  actor: StaffActor,
): Promise<Outcome<{ view: StaffCaseRead }>> {
  const found = await deps.store.getWithTimeline(caseId);
  if (!found || !mayReadCase(deps.policies.of(found.theCase.policy), actor, found.theCase.lifecycle)) return audited(deps.audit, actor, 'read_case', caseId, notFound('No such complaint.'));
  logCase(found.theCase);
  const [customerVerification, holds] = await Promise.all([deps.stepUps?.verification(caseId), holdsOnCase({ ...deps.holds, policies: deps.policies, now: deps.now }, found.theCase)]);
  const works = mayWorkOn(deps.policies.of(found.theCase.policy), actor, found.theCase.lifecycle);
  const view: StaffCaseRead = { ...staffCaseView(deps, found.theCase, found.timeline), ...(customerVerification ? { customerVerification } : {}), legalHolds: holds.map(standingHold), works };
  return audited(deps.audit, actor, 'read_case', caseId, { ok: true, view });
}
