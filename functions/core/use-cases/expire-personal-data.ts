import type { Case } from '../../domain/case';
import { customerDataExpired, personalDataExpiresAt } from '../../domain/privacy/retention';
import type { CaseStore, Clock, FieldCipher, FileStorage, PersonalDataEraser, PolicyBook, RawMailArchive } from '../ports';
import { auditedForCases, type AuditTrail } from './audit-trail';
import { customerCases, eraseCases } from './erase-customer-data';
import { holdsOnCases, unsettledChargebacks, type HoldDeps } from './legal-hold';

export interface ExpirePersonalDataDeps {
  store: Pick<CaseStore, 'get' | 'casesOf' | 'queueMatches' | 'customerKeysOf'> & PersonalDataEraser;
  policies: PolicyBook;
  cipher: Pick<FieldCipher, 'shred'>;
  now: Clock;
  holds: Omit<HoldDeps, 'policies' | 'now'>;
  /** Each expiry goes on the audit log, one entry per case, as `expire_personal_data` by `system:retention`. */
  audit: AuditTrail;
  /** The expired cases' files in S3, deleted as an admin's erasure deletes them. */
  files: Pick<FileStorage, 'eraseCaseFiles'>;
  /** The expired cases' raw inbound emails, deleted as an admin's erasure deletes them. */
  rawMail: Pick<RawMailArchive, 'eraseCaseMail'>;
}

/** The `route` of retention's audit entries: the scheduled function's name (infra/handlers.ts), there being no API route. */
export const RETENTION_ROUTE = 'schedule expirePersonalData';

export interface ExpiryReport {
  /** Ids of the cases whose personal data expired in this run. */
  expired: string[];
  /** Customers past retention whose data stays because of a hold: a case id of theirs and the holds, as sentences. */
  held: { caseId: string; holds: string[] }[];
}

/**
 * Retention (the policy's `retention.closedCaseDataDays`): erases the personal data of every customer whose cases
 * are all final and past their policy's period, unless one of them is on legal hold. It is the same erasure an admin
 * runs (`eraseCases`): the customer's data key is destroyed (crypto-shredding), then each case is rewritten without
 * personal data; KPI facts, the anonymized cases and the audit log stay, and the log gains an entry per case.
 *
 * Run on a schedule (daily on AWS, on the virtual clock locally), it is what a TTL would do, but per customer: a TTL
 * on a case's items could delete neither the shared data key at the right time nor leave the anonymized trail, and
 * DynamoDB Local deletes nothing on TTL. Nothing is stored about the expiry, so a case that is open again (none can be
 * reopened today) simply has none. It reads the final statuses' queue partitions whole (a query, not a scan).
 */
export async function expirePersonalData(deps: ExpirePersonalDataDeps): Promise<ExpiryReport> {
  const now = deps.now();
  const report: ExpiryReport = { expired: [], held: [] };
  const finals = await deps.store.queueMatches({ statuses: ['closed', 'mediation_recommended'] });
  const chargebacks = await unsettledChargebacks(deps.holds.finance);
  const seen = new Set<string>();
  const policyOf = (c: Case) => deps.policies.of(c.policy);
  for (const c of finals) {
    if (c.erasedAt !== undefined || seen.has(c.id)) continue;
    const expiresAt = personalDataExpiresAt(c, policyOf(c));
    if (expiresAt === undefined || Date.parse(expiresAt) > now.getTime()) continue;
    const cases = await customerCases(deps.store, c);
    for (const x of cases) seen.add(x.id);
    // Another case of the customer still open or not yet past its period keeps the shared key alive.
    if (!customerDataExpired(cases.map((theCase) => ({ theCase, policy: policyOf(theCase) })), now)) continue;
    const holds = await holdsOnCases({ ...deps.holds, policies: deps.policies, now: deps.now }, cases, chargebacks);
    if (holds.length > 0) {
      report.held.push({ caseId: c.id, holds });
      continue;
    }
    // A case filed meanwhile would lose its sealed values to the shredded key unerased: leave it to the next run.
    const again = new Set(await deps.store.casesOf(c.customer.email));
    if (again.size !== cases.length || cases.some((x) => !again.has(x.id))) continue;
    // On the record before the erasure: a run that fails between the two erases these cases on the next run and
    // records them again, where the other order could erase them with no entry at all (an erased case is skipped).
    await auditedForCases(deps.audit, { role: 'system', process: 'retention' }, 'expire_personal_data', cases.map((x) => x.id), { ok: true });
    report.expired.push(...(await eraseCases(deps, c, cases)).cases);
  }
  return report;
}
