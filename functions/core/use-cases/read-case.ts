import type { StaffActor } from '../../domain/lifecycle/model';
import { inDepartmentScope } from '../../domain/lifecycle/scope';
import type { CustomerCaseView, StaffCaseView } from '../../domain/case-view';
import { notFound, type Outcome } from '../outcomes';
import type { AccessLinks, CaseStore, Clock, PolicyBook } from '../ports';
import { customerMayOpen } from '../customer-access';
import { customerCaseView, staffCaseView } from '../views';

export interface ReadCaseDeps {
  store: CaseStore;
  policies: PolicyBook;
  now: Clock;
  /** Lets a signed access link open the case as the access token does (see `customerMayOpen`). */
  links?: AccessLinks;
}

/**
 * The case as its customer sees it, opened with its access token or an access link. A missing case, a missing or
 * wrong credential and another case's are the same refusal, so the answer never tells whether a case exists.
 */
export async function readCaseAsCustomer(deps: ReadCaseDeps, caseId: string, credential: string | undefined): Promise<Outcome<{ view: CustomerCaseView }>> {
  const found = credential ? await deps.store.getWithTimeline(caseId) : undefined;
  if (!found || !(await customerMayOpen(deps.links, found.theCase, credential, 'view', deps.now()))) return notFound();
  return { ok: true, view: customerCaseView(deps, found.theCase, found.timeline) };
}

/**
 * The whole case for staff. Every role may read the cases of its departments (a senior prepares, a supervisor
 * reviews; what each may do is `decide`'s); where the policy makes a department exclusive, its cases are not shown
 * to another department's staff, with the same answer as a missing case.
 */
export async function readCaseAsStaff(deps: ReadCaseDeps, caseId: string, actor: StaffActor): Promise<Outcome<{ view: StaffCaseView }>> {
  const found = await deps.store.getWithTimeline(caseId);
  if (!found || !inDepartmentScope(deps.policies.of(found.theCase.policy), actor, found.theCase.lifecycle)) return notFound('No such complaint.');
  return { ok: true, view: staffCaseView(deps, found.theCase, found.timeline) };
}
