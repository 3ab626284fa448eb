import { contentTypeOfFile, DOWNLOAD_LINK_SECONDS } from '../../../channels/attachments/case-files';
import { evidencePackFromCase } from '../../../domain/finance/chargeback/evidence-from-case';
import { renderEvidencePdf } from '../../../domain/finance/chargeback/evidence-pdf';
import type { EvidencePackRef } from '../../../domain/finance/chargeback/model';
import { isPack, packName } from '../../../domain/finance/chargeback/evidence-pack-name';
import type { StaffActor } from '../../../domain/lifecycle/model';
import { brandingOf, calendarZone } from '../../../domain/policy';
import { notFound, refused, type Outcome } from '../../outcomes';
import { audited, type AuditTrail } from '../audit-trail';
import type { FinanceDeps } from './finance-deps';

import type { EvidencePackRequest, StoredEvidencePack } from './evidence-pack-schemas';
import type { FileStorage } from '../../ports';

export { EvidencePackRequestSchema, StoredEvidencePackSchema, type EvidencePackRequest, type StoredEvidencePack } from './evidence-pack-schemas';

export type EvidencePackDeps = Pick<FinanceDeps, 'finance' | 'cases' | 'policies' | 'now'> & { files: FileStorage; audit?: AuditTrail };

/**
 * Finance assembles a chargeback's evidence pack from its complaint (timeline the customer saw, the communication,
 * the list of the case's files, the transaction facts) as one PDF, stores it with the case's files (listed with the
 * attachments, downloaded through a short-lived link) and gets back the reference `submitEvidence` takes. Building
 * is not submitting: a pack may be rebuilt until finance submits one, and every pack built stays on the case.
 */
export async function storeEvidencePack(deps: EvidencePackDeps, chargebackId: string, actor: StaffActor, request: EvidencePackRequest): Promise<Outcome<StoredEvidencePack>> {
  const answer = await build(deps, chargebackId, actor, request);
  return audited(deps.audit, actor, 'build_evidence_pack', answer.ok ? answer.caseId : undefined, answer);
}

async function build(deps: EvidencePackDeps, chargebackId: string, actor: StaffActor, request: EvidencePackRequest): Promise<Outcome<StoredEvidencePack>> {
  if (actor.role !== 'finance') return refused('forbidden', "Only finance assembles a chargeback's evidence pack.");
  const found = await deps.finance.getChargeback(chargebackId);
  if (!found) return notFound('No such chargeback.');
  const { chargeback } = found;
  if (!chargeback.caseId) return refused('conflict', 'This chargeback is linked to no complaint: there is no case to build the pack from or to store it with.');
  const withTimeline = await deps.cases.getWithTimeline(chargeback.caseId);
  if (!withTimeline) return notFound('The complaint of this chargeback no longer exists.');
  const { theCase, timeline } = withTimeline;
  const policy = deps.policies.of(theCase.policy);
  const now = deps.now();
  // The case's files as the pack lists them (names, types, sizes); earlier packs are not evidence of their own.
  const attachments = (await deps.files.files(theCase.id)).filter((f) => !isPack(f.name)).map((f) => ({ name: f.name, contentType: contentTypeOfFile(f.name), sizeBytes: f.size }));
  const { pdf, sha256, pages } = await renderEvidencePdf(
    evidencePackFromCase({
      theCase,
      events: timeline,
      chargeback,
      transaction: { reference: chargeback.transactionReference, amount: chargeback.amount },
      attachments,
      statement: request.statement,
      merchantName: brandingOf(policy).companyName ?? policy.title,
      timeZone: calendarZone(policy),
      now,
    }),
  );
  const name = packName(chargeback.chargebackId, now);
  await deps.files.putCaseFile(theCase.id, name, pdf, 'application/pdf');
  const evidencePack: EvidencePackRef = { key: name, sha256 };
  return { ok: true, evidencePack, caseId: theCase.id, pages, size: pdf.byteLength, url: await deps.files.downloadUrl(theCase.id, name, DOWNLOAD_LINK_SECONDS) };
}
