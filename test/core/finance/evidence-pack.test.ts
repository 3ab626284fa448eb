/**
 * The chargeback evidence pack stored with the case, on the local S3 server (local/s3-server.ts) through the same
 * S3 adapter the Lambda uses: finance builds the PDF from the complaint, it is stored under the case's files, listed
 * with the case's attachments, downloaded through a short-lived link, and its digest is what submission takes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../../functions/channels/attachments/case-files';
import { s3CaseFiles } from '../../../functions/channels/attachments/s3-case-files';
import { decideChargebackAs } from '../../../functions/core/use-cases/finance/decide-chargeback';
import { storeEvidencePack } from '../../../functions/core/use-cases/finance/evidence-pack';
import { openChargeback } from '../../../functions/domain/finance/chargeback/open';
import { startLocalS3, type LocalS3 } from '../../../local/s3-server';
import { actors, financeHarness } from './finance-harness';
import type { FileStorage } from '../../../functions/core/ports';

const BUCKET = 'files-bucket';
let dir: string;
let s3: LocalS3;
let client: S3Client;
let files: FileStorage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redress-evidence-'));
  s3 = await startLocalS3({ port: 0, root: dir, buckets: [BUCKET] });
  client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  files = s3CaseFiles(client, { FILES_BUCKET: BUCKET, FILES_KMS_KEY_ID: 'local-key' });
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The harness's complaint with a chargeback opened on it by an agent, and the case files on the local S3. */
async function withChargeback(linked = true) {
  const h = await financeHarness(new Date('2026-11-30T10:00:00Z'));
  const chargebackId = `cb_${crypto.randomUUID()}`;
  const input = { chargebackId, ...(linked ? { caseId: h.theCase.id } : {}), transactionReference: 'ch_9', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'Customer says the course was never delivered' };
  const opened = openChargeback(input, { staffId: 'agent-1', role: 'agent' }, h.deps.now(), h.policy.finance!.chargebacks!, h.policy);
  if (!opened.ok) throw new Error(opened.detail);
  await h.deps.finance.createChargeback(opened.chargeback, opened.events, h.theCase.caseNumber);
  return { h, chargebackId, deps: { ...h.deps, files } };
}

describe('chargeback evidence pack stored with the case', () => {
  it('finance builds the PDF; it is stored under the case on S3, listed with the attachments, downloadable for 5 minutes, and submitted by its digest', async () => {
    // Prepare
    const { h, chargebackId, deps } = await withChargeback();

    // Act
    const built = await storeEvidencePack(deps, chargebackId, actors.finance, { statement: 'The customer opened all course modules on 2 November.' });

    // Assess: the answer, the object on the local S3, the case's file list, and the link.
    if (!built.ok) throw new Error(built.detail);
    expect(built.evidencePack.key).toMatch(/^evidence-cb_[\w-]+-20261130T100000Z\.pdf$/);
    expect(built).toMatchObject({ caseId: h.theCase.id, pages: expect.any(Number) });
    const listed = await listFiles({ store: h.deps.cases, policies: h.deps.policies, files, now: h.deps.now }, h.theCase.id, { kind: 'staff', actor: actors.supervisor });
    if (!listed.ok) throw new Error(listed.detail);
    expect(listed.files).toEqual([expect.objectContaining({ id: built.evidencePack.key.replace(/\.pdf$/, ''), type: 'application/pdf', size: built.size })]);
    const url = new URL(built.url);
    expect(url.pathname).toBe(`/${BUCKET}/cases/${h.theCase.id}/files/${built.evidencePack.key}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    const download = await fetch(built.url);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(download.status).toBe(200);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(built.evidencePack.sha256);

    // And the reference it returned is what finance submits.
    const submitted = await decideChargebackAs(deps, chargebackId, actors.finance, { type: 'submitEvidence', reason: 'Pack attached', evidencePack: built.evidencePack });
    expect(submitted).toMatchObject({ ok: true, chargeback: { status: 'submitted', submission: { evidencePack: built.evidencePack } } });
  });

  it('only finance builds a pack; an unlinked chargeback has no case to store it with; an unknown one is not found', async () => {
    const { chargebackId, deps } = await withChargeback();
    const unlinked = await withChargeback(false);
    const statement = { statement: 'Delivered as agreed.' };

    expect(await storeEvidencePack(deps, chargebackId, actors.agent, statement)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await storeEvidencePack(deps, chargebackId, actors.supervisor, statement)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await storeEvidencePack(unlinked.deps, unlinked.chargebackId, actors.finance, statement)).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await storeEvidencePack(deps, 'cb_nothing', actors.finance, statement)).toMatchObject({ ok: false, reason: 'not_found' });
  });
});
