import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerKeyStore } from '../../functions/adapters/crypto/dynamodb-customer-keys';
import { EnvelopeFieldCipher, rawAesMasterKeyring } from '../../functions/adapters/crypto/envelope-field-cipher';
import { localPersonalKeyWrapping, PersonalKeys } from '../../functions/adapters/crypto/personal-keys';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb-audit-log';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb-case-store';
import { DynamoFinanceStore } from '../../functions/adapters/dynamodb-finance-store';
import { DynamoLegalHoldStore } from '../../functions/adapters/dynamodb-legal-hold-store';
import { policyBook } from '../../functions/core/policy-book';
import { eraseCustomerData } from '../../functions/core/use-cases/erase-customer-data';
import { expirePersonalData, RETENTION_ROUTE } from '../../functions/core/use-cases/expire-personal-data';
import { placeLegalHold, releaseLegalHold } from '../../functions/core/use-cases/legal-hold';
import { openChargeback } from '../../functions/domain/finance/chargeback/open';
import type { Action } from '../../functions/domain/lifecycle/actions';
import type { Actor, StaffActor } from '../../functions/domain/lifecycle/model';
import { loadPolicy } from '../../functions/domain/policy';
import { startTestDb, type TestDb } from '../adapters/dynamodb-local';
import { ACCOUNT, act as actOn, fileWithPersonalData, kpiFacts as kpiFactsOfCases, NO_S3_OBJECTS, scanAll } from '../adapters/erasure-checks';
import { testCustomerIndex } from '../support/customer-index';

/**
 * Retention and legal hold, the core on DynamoDB Local: the sweep erases a customer's personal data once all their
 * cases closed longer ago than the policy's period (and not a day before), through the same erasure an admin runs,
 * leaving every KPI fact as it was; a hold (an admin's, a dispute review, the mediation window, an unsettled
 * chargeback) keeps the data and makes erasure answer 409 saying why; when the hold ends, expiry happens.
 */

const policy = loadPolicy('promptearn');
const policies = policyBook(policy);
const DAY = 86_400_000;
const PERIOD_DAYS = policy.retention.closedCaseDataDays;
let db: TestDb;
let store: DynamoCaseStore;
let cipher: EnvelopeFieldCipher;
let finance: DynamoFinanceStore;
let holds: DynamoLegalHoldStore;
let auditLog: DynamoAuditLog;
let now: Date;

const admin: StaffActor = { role: 'admin', staffId: 'adm-1' };
const supervisor: StaffActor = { role: 'supervisor', staffId: 'sup-1' };

// Sealing as deployed: a case whose key erasure destroyed reads as erased, which is what retention skips. Each call
// is a container of its own (its own cache of opened keys).
const master = randomBytes(32);
const sealingStore = () => new DynamoCaseStore(db.doc, db.tableName, testCustomerIndex, new PersonalKeys(db.doc, db.keysTableName, localPersonalKeyWrapping(master)));

beforeAll(async () => {
  db = await startTestDb();
  store = sealingStore();
  cipher = new EnvelopeFieldCipher(rawAesMasterKeyring(randomBytes(32)), new DynamoCustomerKeyStore(db.doc, db.keysTableName, db.tableName));
  finance = new DynamoFinanceStore(db.doc, db.tableName, testCustomerIndex);
  holds = new DynamoLegalHoldStore(db.doc, db.tableName);
  auditLog = new DynamoAuditLog(db.doc, db.tableName);
});
afterAll(async () => db?.stop());

const deps = () => ({ store, policies, cipher, now: () => now, holds: { holds, finance }, ...NO_S3_OBJECTS, audit: { log: auditLog, route: RETENTION_ROUTE, now: () => now } });
const expiriesOf = async (caseId: string) => (await auditLog.page({ caseId }, { limit: 50 })).entries.filter((e) => e.action === 'expire_personal_data');
const sweep = () => expirePersonalData(deps());
const later = (days: number) => (now = new Date(now.getTime() + days * DAY));

async function file(name: string, email = `${name.toLowerCase().replace(/\W+/g, '.')}.${crypto.randomUUID().slice(0, 6)}@example.org`) {
  const { id } = await fileWithPersonalData({ store, policies, cipher, now: () => now }, { name, email }, 'Kaduna Mutual Bank', false);
  await act(id, { type: 'acknowledge' }, { role: 'system' });
  return id;
}

const act = (id: string, action: Action, actor: Actor) => actOn(store, policy, now, id, action, actor);

const close = (id: string) => act(id, { type: 'close', reason: 'Paid again; nothing left to do.' }, supervisor);

const kpiFacts = async (id: string) => (await kpiFactsOfCases(store, policy, [id]))[0];

const tableText = async () => JSON.stringify(await scanAll(db));

describe('retention: closed cases expire after the policy period', () => {
  it('a closed case expires after the period, not a day before; KPI facts stay as they were', async () => {
    // Prepare
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Obiageli Nwachukwu');
    later(1);
    await close(id);
    const factsBefore = await kpiFacts(id);
    // Act: a day before the period ends, nothing; a day after, erased.
    later(PERIOD_DAYS - 1);
    expect((await sweep()).expired).not.toContain(id);
    expect((await store.get(id))!.erasedAt).toBeUndefined();
    later(2);
    const report = await sweep();
    // Assess
    expect(report.expired).toContain(id);
    const erased = (await store.get(id))!;
    expect(erased).toMatchObject({ customer: { name: '(erased)', email: 'erased@erased.invalid' }, subject: '(erased)', status: 'closed' });
    expect(erased.sealed).toBeUndefined();
    const text = await tableText();
    for (const word of ['Obiageli', 'Nwachukwu', ACCOUNT]) expect(text).not.toContain(word);
    expect(await kpiFacts(id)).toEqual(factsBefore);
    // The expiry is on the case's audit log (one entry, by retention, ids only) and under retention as the actor.
    const entries = await expiriesOf(id);
    expect(entries).toEqual([{ at: now.toISOString(), actor: { role: 'system', process: 'retention' }, action: 'expire_personal_data', caseId: id, route: 'schedule expirePersonalData', outcome: 'allowed' }]);
    expect((await auditLog.page({ actor: 'system:retention' }, { limit: 200 })).entries.map((e) => e.caseId)).toContain(id);
    // A later sweep finds nothing more to expire and records nothing more.
    later(1);
    expect((await sweep()).expired).not.toContain(id);
    expect(await expiriesOf(id)).toHaveLength(1);
  });

  it("the case's files go with it; when S3 fails the case stays unerased, so the next sweep finishes it, files and all", async () => {
    // Prepare: a closed case past its period, its files in a store whose deletes fail once.
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Chiamaka Eze');
    await close(id);
    const filesOf = new Map([[id, ['receipt.pdf', 'statement.pdf']]]);
    let failures = 1;
    const files = {
      async eraseCaseFiles(caseId: string) {
        if (failures-- > 0) throw new Error('S3 unavailable');
        const n = filesOf.get(caseId)?.length ?? 0;
        filesOf.delete(caseId);
        return n;
      },
    };
    later(PERIOD_DAYS + 1);

    // Act: the first sweep fails on S3; the next one runs.
    await expect(expirePersonalData({ ...deps(), files })).rejects.toThrow('S3 unavailable');
    store = sealingStore(); // the next day's sweep runs in another container
    const between = (await store.get(id))!;
    later(1);
    const report = await expirePersonalData({ ...deps(), files });

    // Assess: not marked erased by the failed run (so not skipped by the next); erased, files gone, after it.
    expect(between.erasedAt).toBeUndefined();
    expect(report.expired).toContain(id);
    expect((await store.get(id))!.erasedAt).toBeDefined();
    expect(filesOf.has(id)).toBe(false);
  });

  it("a customer's open case keeps their closed case's data (one data key for both); when it closes and its period ends, both expire", async () => {
    // Prepare: two cases of one address, the first closed, the second still open
    now = new Date('2026-11-23T10:00:00Z');
    const email = `tunde.${crypto.randomUUID().slice(0, 6)}@example.org`;
    const first = await file('Tunde Bakare', email);
    const second = await file('Tunde Bakare', email);
    await close(first);
    // Act: the first case's period is over, the customer still has an open case
    later(PERIOD_DAYS + 1);
    const whileOpen = await sweep();
    // Assess: neither erased (shredding the shared key would blind the open case)
    expect(whileOpen.expired).not.toContain(first);
    expect((await store.get(first))!.customer.name).toBe('Tunde Bakare');
    // Act: the second closes; a day later only the first is past its period, then both are
    await close(second);
    later(1);
    expect((await sweep()).expired).not.toContain(first);
    later(PERIOD_DAYS);
    expect((await sweep()).expired.sort()).toEqual(expect.arrayContaining([first, second].sort()));
    expect((await store.get(first))!.customer.name).toBe('(erased)');
    expect((await store.get(second))!.customer.name).toBe('(erased)');
    // Each case has its own entry; while the open case held the data back, none was written.
    for (const c of [first, second]) expect((await expiriesOf(c)).map((e) => e.at)).toEqual([now.toISOString()]);
  });
});

describe('legal hold', () => {
  it('a manual legal hold blocks expiry and erasure (409 saying why); its release lets expiry happen', async () => {
    // Prepare: closed, held by an admin
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Zainab Musa');
    await close(id);
    const hold = await placeLegalHold({ store, holds, now: () => now }, id, admin, { reason: 'Litigation notice received from counsel' });
    expect(hold).toMatchObject({ ok: true, hold: { caseId: id, placedBy: 'adm-1' } });
    // Act: past the period
    later(PERIOD_DAYS + 1);
    const report = await sweep();
    const erasure = await eraseCustomerData(deps(), id, admin);
    // Assess: nothing erased; the refusal says why
    expect(report.expired).not.toContain(id);
    expect(report.held.find((h) => h.caseId === id)?.holds.join()).toContain('Litigation notice received from counsel');
    expect(erasure).toMatchObject({ ok: false, reason: 'legal_hold' });
    expect(!erasure.ok && erasure.detail).toMatch(/legal hold.*an admin placed case .* on legal hold/);
    expect((await store.get(id))!.customer.name).toBe('Zainab Musa');
    // Act: release, then the next run
    expect(await releaseLegalHold({ store, holds, now: () => now }, id, admin)).toMatchObject({ ok: true });
    expect(await releaseLegalHold({ store, holds, now: () => now }, id, admin)).toMatchObject({ ok: false, reason: 'conflict' });
    expect((await sweep()).expired).toContain(id);
    expect((await store.get(id))!.customer.name).toBe('(erased)');
  });

  it('only an admin places or releases a hold', async () => {
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Ada Obi');
    for (const role of ['agent', 'supervisor', 'finance', 'dispute_team'] as const) {
      expect(await placeLegalHold({ store, holds, now: () => now }, id, { role, staffId: `${role}-1` }, { reason: 'x' })).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await placeLegalHold({ store, holds, now: () => now }, id, admin, { reason: '' })).toMatchObject({ ok: false, reason: 'invalid', errors: [{ field: 'reason' }] });
    expect(await holds.get(id)).toBeUndefined();
  });

  it('a case under dispute review is held: erasure refused with the reason', async () => {
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Chi Eze');
    await act(id, { type: 'escalate', reason: 'Needs a senior look.' }, supervisor);
    await act(id, { type: 'escalate', reason: 'Needs the Dispute Resolution Team.' }, supervisor);
    expect((await store.get(id))!.status).toBe('dispute_review');
    const erasure = await eraseCustomerData(deps(), id, admin);
    expect(erasure).toMatchObject({ ok: false, reason: 'legal_hold' });
    expect(!erasure.ok && erasure.detail).toContain('under review by the Dispute Resolution Team');
  });

  it("a case ended with mediation recommended is on hold for the policy's mediation window: erasure refused, then allowed", async () => {
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Dayo Obi');
    await act(id, { type: 'escalate', reason: 'Needs a senior look.' }, supervisor);
    await act(id, { type: 'escalate', reason: 'Needs the Dispute Resolution Team.' }, supervisor);
    await act(id, { type: 'recommendMediation', reason: 'Internal avenues exhausted.' }, { role: 'dispute_team', staffId: 'drt-1' });
    expect((await store.get(id))!.status).toBe('mediation_recommended');
    later(policy.retention.mediationHoldDays - 1);
    const held = await eraseCustomerData(deps(), id, admin);
    expect(held).toMatchObject({ ok: false, reason: 'legal_hold' });
    expect(!held.ok && held.detail).toContain('external mediation recommended');
    later(2);
    expect(await eraseCustomerData(deps(), id, admin)).toMatchObject({ ok: true, cases: [id] });
  });

  it('an unsettled chargeback holds the case past its period; once the chargeback is settled, it expires', async () => {
    now = new Date('2026-11-23T10:00:00Z');
    const id = await file('Femi Ola');
    const opened = openChargeback(
      { chargebackId: `cb_${crypto.randomUUID()}`, caseId: id, transactionReference: 'ch_1', amount: { amountMinor: 1_500_000, currency: 'NGN' }, reason: 'Card holder disputes the charge.' },
      { staffId: 'agent-1', role: 'agent' },
      now,
      policy.finance!.chargebacks!,
      policy,
    );
    if (!opened.ok) throw new Error(opened.detail);
    await finance.createChargeback(opened.chargeback, opened.events);
    await close(id);
    later(PERIOD_DAYS + 1);
    const report = await sweep();
    expect(report.expired).not.toContain(id);
    expect(report.held.find((h) => h.caseId === id)?.holds.join()).toContain(`chargeback ${opened.chargeback.chargebackId}`);
    // Settle it: finance accepts it (the amount goes back to the card).
    const read = (await finance.getChargeback(opened.chargeback.chargebackId))!.chargeback;
    await finance.commitChargeback(read, { ...read, status: 'accepted', outcome: { result: 'accepted', at: now.toISOString(), source: 'finance' } }, []);
    expect((await sweep()).expired).toContain(id);
  });
});
