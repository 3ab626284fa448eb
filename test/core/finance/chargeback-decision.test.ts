import { describe, expect, it } from 'vitest';
import { InMemoryAuditLog } from '../../../functions/adapters/memory/audit-log';
import { decideChargebackAs } from '../../../functions/core/use-cases/finance/decide-chargeback';
import { storeEvidencePack } from '../../../functions/core/use-cases/finance/evidence-pack';
import { openChargeback } from '../../../functions/domain/finance/chargeback/open';
import { actors, financeHarness } from './finance-harness';
import { auditActorKey } from '../../../functions/domain/access/audit-entry';

/**
 * Finance's chargeback decision through the use case: a submission names a pack built for this chargeback and stored
 * with its complaint, by key and SHA-256, and the stored bytes are checked against the digest before anything is
 * written. A pack that is missing, another chargeback's, or not the bytes finance saw is refused naming the field, and
 * the chargeback, its history and the mail stay as they were.
 */

const ok = <T extends { ok: boolean }>(o: T) => {
  if (!o.ok) throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o as Extract<T, { ok: true }>;
};

async function withChargeback(linked = true) {
  const h = await financeHarness(new Date('2026-11-30T10:00:00Z'));
  const audit = { log: new InMemoryAuditLog(), now: h.deps.now, route: 'POST /staff/chargebacks/{chargebackId}/decision' };
  const open = async (caseId: string | undefined) => {
    const chargebackId = `cb_${crypto.randomUUID()}`;
    const input = { chargebackId, ...(caseId ? { caseId } : {}), transactionReference: 'ch_9', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'Customer says the course was never delivered' };
    const opened = openChargeback(input, { staffId: 'agent-1', role: 'agent' }, h.deps.now(), h.policy.finance!.chargebacks!, h.policy);
    if (!opened.ok) throw new Error(opened.detail);
    await h.deps.finance.createChargeback(opened.chargeback, opened.events, caseId ? h.theCase.caseNumber : undefined);
    return chargebackId;
  };
  const chargebackId = await open(linked ? h.theCase.id : undefined);
  return { h, chargebackId, open, audit, deps: { ...h.deps, audit } };
}

describe("finance's chargeback decision", () => {
  it('a built pack is submitted by its key and digest; the decision is final, audited, and told to finance', async () => {
    const { h, chargebackId, deps, audit } = await withChargeback();
    const { evidencePack } = ok(await storeEvidencePack(h.deps, chargebackId, actors.finance, { statement: 'The customer opened every module.' }));
    const staffBefore = h.staffMail().length;

    const submitted = await decideChargebackAs(deps, chargebackId, actors.finance, { type: 'submitEvidence', reason: 'Delivery proof attached', evidencePack });
    const again = await decideChargebackAs(deps, chargebackId, actors.finance2, { type: 'submitEvidence', reason: 'Once more', evidencePack });
    const accept = await decideChargebackAs(deps, chargebackId, actors.finance2, { type: 'accept', reason: 'Changed my mind' });

    expect(submitted).toMatchObject({ ok: true, chargeback: { status: 'submitted', submission: { by: { staffId: 'fin-1' }, reason: 'Delivery proof attached', evidencePack } } });
    expect(ok(submitted).history.map((e) => e.type)).toContain('chargeback_submitted');
    expect(again).toMatchObject({ ok: false, reason: 'conflict' });
    expect(accept).toMatchObject({ ok: false, reason: 'conflict' });
    expect(h.staffMail().slice(staffBefore).map((m) => m.subject)).toEqual([expect.stringContaining('chargeback submitted')]);
    expect(audit.log.all().map((e) => [e.action, auditActorKey(e.actor), e.caseId, e.outcome])).toEqual([
      ['decide_chargeback', 'fin-1', h.theCase.id, 'allowed'],
      ['decide_chargeback', 'fin-2', h.theCase.id, 'refused'],
      ['decide_chargeback', 'fin-2', h.theCase.id, 'refused'],
    ]);
  });

  it('a missing, foreign or altered pack is refused naming the field, and nothing changes', async () => {
    // Prepare: this chargeback's pack, and another chargeback's pack on the same complaint
    const { h, chargebackId, open, deps } = await withChargeback();
    const { evidencePack } = ok(await storeEvidencePack(h.deps, chargebackId, actors.finance, { statement: 'Delivered as agreed.' }));
    const other = await open(h.theCase.id);
    h.advance(60_000);
    const foreign = ok(await storeEvidencePack(h.deps, other, actors.finance, { statement: 'Delivered as agreed.' })).evidencePack;
    const before = (await h.deps.finance.getChargeback(chargebackId))!;
    const mailBefore = h.mailer.sent.length;
    const submit = (pack: { key: string; sha256: string }) => decideChargebackAs(deps, chargebackId, actors.finance, { type: 'submitEvidence', reason: 'Delivery proof', evidencePack: pack });

    // Act
    const neverBuilt = await submit({ key: evidencePack.key.replace(/\d{6}Z/, '235959Z'), sha256: evidencePack.sha256 });
    const another = await submit(foreign);
    const stale = await submit({ key: evidencePack.key, sha256: foreign.sha256 });
    // The stored file changed after finance looked at it (a rebuild under the same name cannot happen; a write can).
    await h.deps.files.putCaseFile(h.theCase.id, evidencePack.key, new TextEncoder().encode('%PDF- not what finance saw'));
    const altered = await submit(evidencePack);

    // Assess
    const field = (o: Awaited<ReturnType<typeof submit>>) => (o.ok ? undefined : [o.reason, o.errors?.map((e) => e.field)]);
    expect(field(neverBuilt)).toEqual(['invalid', ['evidencePack.key']]);
    expect(field(another)).toEqual(['invalid', ['evidencePack.key']]);
    expect(field(stale)).toEqual(['invalid', ['evidencePack.sha256']]);
    expect(field(altered)).toEqual(['invalid', ['evidencePack.sha256']]);
    expect(await h.deps.finance.getChargeback(chargebackId)).toEqual(before);
    expect(h.mailer.sent.length).toBe(mailBefore);
  });

  it('only finance decides; a chargeback with no complaint has no stored pack to submit but may be accepted; past the deadline evidence is gone', async () => {
    const { h, chargebackId, deps } = await withChargeback();
    const unlinked = await withChargeback(false);
    const { evidencePack } = ok(await storeEvidencePack(h.deps, chargebackId, actors.finance, { statement: 'Delivered as agreed.' }));
    const submit = { type: 'submitEvidence' as const, reason: 'Delivery proof', evidencePack };

    for (const who of [actors.agent, actors.senior, actors.supervisor]) {
      expect(await decideChargebackAs(deps, chargebackId, who, submit), who.role).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await decideChargebackAs(deps, chargebackId, who, { type: 'accept', reason: 'Not worth contesting' }), who.role).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await decideChargebackAs(deps, 'cb_nothing', actors.finance, submit)).toMatchObject({ ok: false, reason: 'not_found' });
    const caseless = await decideChargebackAs(unlinked.deps, unlinked.chargebackId, actors.finance, submit);
    expect(caseless).toMatchObject({ ok: false, reason: 'invalid', errors: [{ field: 'evidencePack.key' }] });
    expect(await decideChargebackAs(unlinked.deps, unlinked.chargebackId, actors.finance, { type: 'accept', reason: 'Not worth contesting' })).toMatchObject({ ok: true, chargeback: { status: 'accepted' } });

    const { chargeback } = (await h.deps.finance.getChargeback(chargebackId))!;
    h.at(chargeback.evidenceDueAt);
    expect(await decideChargebackAs(deps, chargebackId, actors.finance, submit)).toMatchObject({ ok: false, reason: 'gone' });
    expect((await h.deps.finance.getChargeback(chargebackId))!.chargeback.status).toBe('open');
  });
});
