import { describe, expect, it } from 'vitest';
import type { Case } from '../../../functions/domain/case';
import { describeHold, standingHold } from '../../../functions/domain/privacy/legal-hold';
import { customerDataExpired, holdsOn, isUnsettled, personalDataExpiresAt } from '../../../functions/domain/privacy/retention';
import { DEFAULT_RETENTION, PolicySchema } from '../../../functions/domain/policy';
import { loadPolicy } from '../../../functions/domain/policy';

/** The retention and hold rules alone (the running system is tested in test/core/retention.test.ts and on the local stack). */

const policy = { retention: { closedCaseDataDays: 30, mediationHoldDays: 10, clause: 'test' } };
const NOW = new Date('2027-01-31T00:00:00.000Z');

function aCase(status: Case['status'], closedAt?: string): Case {
  return {
    id: crypto.randomUUID(),
    caseNumber: 'PE-2026-000001',
    status,
    updatedAt: closedAt ?? '2027-01-01T00:00:00.000Z',
    lifecycle: { status, escalations: [{ at: '2026-12-20T00:00:00.000Z', to: 'dispute-team', trigger: 'customer' }], ...(closedAt ? { closure: { at: closedAt, reason: 'closed_by_staff' } } : {}) },
  } as unknown as Case;
}

describe('personal data expiry', () => {
  it('a final case expires its period after its closure; an open one never', () => {
    expect(personalDataExpiresAt(aCase('closed', '2027-01-01T00:00:00.000Z'), policy)).toBe('2027-01-31T00:00:00.000Z');
    expect(personalDataExpiresAt(aCase('mediation_recommended', '2027-01-01T00:00:00.000Z'), policy)).toBe('2027-01-31T00:00:00.000Z');
    for (const status of ['received', 'in_progress', 'resolved', 'dispute_review'] as const) expect(personalDataExpiresAt(aCase(status), policy)).toBeUndefined();
  });

  it("a customer's data expires only when every case of theirs is past its period", () => {
    const old = { theCase: aCase('closed', '2026-12-01T00:00:00.000Z'), policy };
    const recent = { theCase: aCase('closed', '2027-01-15T00:00:00.000Z'), policy };
    const open = { theCase: aCase('in_progress'), policy };
    expect(customerDataExpired([old], NOW)).toBe(true);
    expect(customerDataExpired([old, recent], NOW)).toBe(false);
    expect(customerDataExpired([old, open], NOW)).toBe(false);
    expect(customerDataExpired([], NOW)).toBe(false);
  });
});

describe('legal holds', () => {
  it('dispute review holds since its escalation; mediation holds for its window only; chargebacks and a manual hold add theirs', () => {
    const none = { unsettledChargebacks: [] };
    expect(holdsOn(aCase('dispute_review'), policy, none, NOW)).toEqual([{ kind: 'dispute', status: 'dispute_review', since: '2026-12-20T00:00:00.000Z' }]);
    expect(holdsOn(aCase('mediation_recommended', '2027-01-25T00:00:00.000Z'), policy, none, NOW)).toEqual([
      { kind: 'dispute', status: 'mediation_recommended', since: '2027-01-25T00:00:00.000Z', until: '2027-02-04T00:00:00.000Z' },
    ]);
    expect(holdsOn(aCase('mediation_recommended', '2027-01-01T00:00:00.000Z'), policy, none, NOW)).toEqual([]);
    const manual = { caseId: crypto.randomUUID(), reason: 'Regulator request', placedBy: 'adm-1', placedAt: '2027-01-02T00:00:00.000Z' };
    const holds = holdsOn(aCase('closed', '2026-12-01T00:00:00.000Z'), policy, { unsettledChargebacks: [{ chargebackId: 'cb_1', openedAt: '2026-12-10T00:00:00.000Z' }], manual }, NOW);
    expect(holds.map((h) => describeHold('PE-2026-000001', h))).toEqual([
      'chargeback cb_1 on case PE-2026-000001 is not settled',
      'an admin placed case PE-2026-000001 on legal hold on 2027-01-02T00:00:00.000Z: Regulator request',
    ]);
    // As staff see them on the case: what holds it, since when, and the admin's own reason and id.
    expect(holds.map(standingHold)).toEqual([
      { kind: 'chargeback', reason: 'Chargeback cb_1 is not settled', since: '2026-12-10T00:00:00.000Z', chargebackId: 'cb_1' },
      { kind: 'manual', reason: 'Regulator request', since: '2027-01-02T00:00:00.000Z', placedBy: 'adm-1' },
    ]);
  });

  it('a chargeback is settled once accepted, won or lost', () => {
    expect(['open', 'submitted', 'expired'].map(isUnsettled)).toEqual([true, true, true]);
    expect(['accepted', 'won', 'lost'].map(isUnsettled)).toEqual([false, false, false]);
  });
});

describe('the policy states its retention', () => {
  it('every preset states it; a policy silent on it gets the default; 7 years or more is refused (the audit log must outlive it)', () => {
    for (const name of ['promptearn', 'earnway', 'itc', 'generic', 'ecomstore']) expect(loadPolicy(name).retention).toMatchObject({ closedCaseDataDays: 1095, mediationHoldDays: 183 });
    const { retention: _r, ...silent } = structuredClone(loadPolicy('generic')) as Record<string, unknown>;
    expect(PolicySchema.parse(silent).retention).toEqual(DEFAULT_RETENTION);
    const tooLong = PolicySchema.safeParse({ ...silent, retention: { ...DEFAULT_RETENTION, closedCaseDataDays: 7 * 365 } });
    expect(tooLong.success).toBe(false);
    expect(JSON.stringify(tooLong.error?.issues)).toContain('the audit log is kept 7 years');
  });
});
