import { accessTokenMatches } from '../../domain/access-token';
import type { StaffActor } from '../../domain/lifecycle/model';
import type { CustomerCaseView, StaffCaseView } from '../../domain/ticket-view';
import { notFound, type Outcome } from '../outcomes';
import type { CaseStore, Clock, PolicyBook } from '../ports';
import { customerCaseView, staffCaseView } from '../views';

export interface ReadCaseDeps {
  store: CaseStore;
  policies: PolicyBook;
  now: Clock;
}

/**
 * The case as its customer sees it, opened with its access token. A missing case, a missing or wrong token and
 * another case's token are the same refusal, so the answer never tells whether a case exists.
 */
export async function readCaseAsCustomer(deps: ReadCaseDeps, caseId: string, accessToken: string | undefined): Promise<Outcome<{ view: CustomerCaseView }>> {
  const found = accessToken ? await deps.store.getWithTimeline(caseId) : undefined;
  if (!found || !accessTokenMatches(accessToken, found.ticket.accessTokenHash)) return notFound();
  return { ok: true, view: customerCaseView(deps, found.ticket, found.timeline) };
}

/** The whole case for staff: every staff role may read any case (what each may do is `decide`'s). */
export async function readCaseAsStaff(deps: ReadCaseDeps, caseId: string, actor: StaffActor): Promise<Outcome<{ view: StaffCaseView }>> {
  void actor;
  const found = await deps.store.getWithTimeline(caseId);
  if (!found) return notFound('No such complaint.');
  return { ok: true, view: staffCaseView(deps, found.ticket, found.timeline) };
}
