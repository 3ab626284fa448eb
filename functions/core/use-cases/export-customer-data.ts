import type { AuditEntry } from '../../domain/access/audit-entry';
import type { Case } from '../../domain/case';
import type { CaseExport, CustomerDataExport } from '../../domain/privacy/customer-export';
import type { StaffActor } from '../../domain/lifecycle/model';
import { customerMayOpen } from '../customer-access';
import { notFound, refused, type Outcome } from '../outcomes';
import type { AccessLinks, AuditLog, CaseStore, Clock, FileStorage, PolicyBook, StepUpStore } from '../ports';
import { customerCaseView } from '../views';
import { audited, type AuditTrail } from './audit-trail';
import { stepUpGate } from './step-up';

/**
 * The customer's right of access: everything Redress holds about one customer (every case filed with their email),
 * as JSON. Each case with the details they gave, the timeline as they see it (messages both ways, what happened and
 * when), the list of their attachments and the audit entries about the case (who on staff read or acted, when).
 * Staff-internal notes are not personal data of the customer's and stay out, as they do on the case page.
 */

export interface ExportDeps {
  store: CaseStore;
  policies: PolicyBook;
  now: Clock;
  audit: Pick<AuditLog, 'page'>;
  files: Pick<FileStorage, 'files'>;
}

// Enough for any real case's history; a page size the store serves in one query.
const AUDIT_PAGE = 200;

async function auditOf(audit: ExportDeps['audit'], caseId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: string | undefined;
  do {
    const page = await audit.page({ caseId }, { limit: AUDIT_PAGE, ...(before ? { before } : {}) });
    entries.push(...page.entries);
    before = page.before;
  } while (before);
  return entries;
}

async function caseExport(deps: ExportDeps, id: string): Promise<CaseExport | undefined> {
  const found = await deps.store.getWithTimeline(id);
  if (!found) return undefined;
  const { theCase, timeline } = found;
  const view = customerCaseView(deps, theCase, timeline);
  const [attachments, audit] = await Promise.all([deps.files.files(id), auditOf(deps.audit, id)]);
  return {
    id,
    caseNumber: theCase.caseNumber,
    createdAt: theCase.createdAt,
    status: theCase.status,
    category: theCase.category,
    channel: theCase.channel,
    customer: theCase.customer,
    subject: theCase.subject,
    description: theCase.description,
    details: theCase.details,
    timeline: view.timeline,
    attachments,
    audit,
  };
}

/** The export of the customer who filed `theCase`: every case filed with the same email, oldest first. */
async function exportFor(deps: ExportDeps, theCase: Case): Promise<CustomerDataExport> {
  const ids = await deps.store.casesOf(theCase.customer.email);
  const cases = (await Promise.all((ids.includes(theCase.id) ? ids : [...ids, theCase.id]).map((id) => caseExport(deps, id)))).filter((c): c is CaseExport => c !== undefined);
  return { exportedAt: deps.now().toISOString(), customer: cases.at(-1)?.customer ?? theCase.customer, cases };
}

/**
 * The customer asks with a case's access token (or an access link) and a fresh step-up: proving control of the
 * email is what makes every case filed with it theirs to read. A wrong credential is the same 404 as a missing case.
 */
export async function exportAsCustomer(
  deps: ExportDeps & { stepUps: Pick<StepUpStore, 'verification'>; links?: AccessLinks },
  caseId: string,
  credential: string | undefined,
): Promise<Outcome<{ data: CustomerDataExport }>> {
  const theCase = credential ? await deps.store.get(caseId) : undefined;
  if (!theCase || !(await customerMayOpen(deps.links, theCase, credential, 'view', deps.now()))) return notFound();
  const gate = await stepUpGate(deps.stepUps, deps.policies.of(theCase.policy), theCase, 'export', deps.now());
  if (gate) return gate;
  return { ok: true, data: await exportFor(deps, theCase) };
}

/** An admin exports for the customer of a case (a request made by letter or phone); on the audit log either way. */
export async function exportAsAdmin(deps: ExportDeps & { trail?: AuditTrail }, actor: StaffActor, caseId: string): Promise<Outcome<{ data: CustomerDataExport }>> {
  if (actor.role !== 'admin') return audited(deps.trail, actor, 'export_customer_data', undefined, refused('forbidden', 'Exports of personal data are run by admins.'));
  const theCase = await deps.store.get(caseId);
  const outcome: Outcome<{ data: CustomerDataExport }> = theCase ? { ok: true, data: await exportFor(deps, theCase) } : notFound('No such complaint.');
  return audited(deps.trail, actor, 'export_customer_data', caseId, outcome);
}
