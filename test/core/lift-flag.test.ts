import { describe, expect, it } from 'vitest';
import { InMemoryAuditLog } from '../../functions/adapters/memory/audit-log';
import { InMemoryCaseStore } from '../../functions/adapters/memory/case-store';
import { policyBook } from '../../functions/core/policy-book';
import { liftFlag } from '../../functions/core/use-cases/lift-flag';
import { listAttention } from '../../functions/core/use-cases/list-attention';
import { loadPolicy } from '../../functions/domain/policy';
import type { StaffActor } from '../../functions/domain/lifecycle/model';
import { seedCase } from './queue-fixtures';
import { auditActorKey } from '../../functions/domain/access/audit-entry';

const policies = policyBook(loadPolicy('promptearn'));
const base = new Date('2031-06-01T08:00:00Z');
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000).toISOString();
const sup: StaffActor = { role: 'supervisor', staffId: 'sup-1' };

function setup() {
  const store = new InMemoryCaseStore();
  const audit = new InMemoryAuditLog();
  const deps = { store, policies, now: () => new Date(at(400)), audit: { log: audit, route: 'POST /staff/complaints/{id}/attention/lift', now: () => new Date(at(400)) } };
  return { store, audit, deps };
}

describe('liftFlag', () => {
  it('a supervisor lifts the flag with a reason: the case leaves the attention list, the reason is an internal note, the action is audited', async () => {
    // Prepare
    const { store, audit, deps } = setup();
    const theCase = await seedCase(store, { receivedAt: base });
    await store.flag(theCase.id, at(100), 'States.TaskFailed: the mailer kept failing');

    // Act
    const lifted = await liftFlag(deps, sup, theCase.id, { reason: 'Mailed the customer by hand; the workflow runs again.' });
    const again = await liftFlag(deps, sup, theCase.id, { reason: 'Twice.' });

    // Assess
    expect(lifted).toEqual({ ok: true, caseId: theCase.id, liftedFlag: { at: at(100), error: 'States.TaskFailed: the mailer kept failing' } });
    expect(again).toMatchObject({ ok: false, reason: 'conflict' });
    expect((await store.get(theCase.id))!.needsAttention).toBeUndefined();
    const listed = await listAttention({ ...deps, cursorKeys: { secrets: ['attention-cursor-test-secret-of-32-chars'] } }, sup, {});
    expect(listed.ok && listed.items).toEqual([]);
    const { timeline } = (await store.getWithTimeline(theCase.id))!;
    expect(timeline.at(-1)).toMatchObject({ type: 'note', visibility: 'internal', summary: expect.stringContaining('Mailed the customer by hand; the workflow runs again.') });
    expect(timeline.at(-1)!.summary).toContain('States.TaskFailed');
    const entries = (await audit.page({ caseId: theCase.id }, { limit: 10 })).entries;
    expect(entries.map((e) => [e.action, e.outcome, auditActorKey(e.actor)])).toEqual(
      expect.arrayContaining([
        ['lift_flag', 'allowed', 'sup-1'],
        ['lift_flag', 'refused', 'sup-1'],
      ]),
    );
  });

  it('other roles are refused (or told of no such case, as for any case they may not read) and the flag stays; a reason is required; a missing case is not found', async () => {
    // Prepare
    const { store, deps } = setup();
    const theCase = await seedCase(store, { receivedAt: base });
    await store.flag(theCase.id, at(100), 'CaseNotFoundError');

    // Act
    const byRole = await Promise.all((['agent', 'senior', 'dispute_team', 'finance', 'admin'] as const).map((role) => liftFlag(deps, { role, staffId: `${role}-1` }, theCase.id, { reason: 'Looks fine to me.' })));
    const noReason = await liftFlag(deps, sup, theCase.id, {});
    const missing = await liftFlag(deps, sup, crypto.randomUUID(), { reason: 'No such case.' });

    // Assess
    // Agents and seniors may read a front-line case but not unflag it; the others may not read it: a missing case to them.
    expect(byRole.map((r) => (r.ok ? 'lifted' : r.reason))).toEqual(['forbidden', 'forbidden', 'not_found', 'not_found', 'not_found']);
    expect(noReason).toMatchObject({ ok: false, reason: 'invalid', errors: [{ field: 'reason' }] });
    expect(missing).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await store.get(theCase.id))!.needsAttention).toEqual({ at: at(100), error: 'CaseNotFoundError' });
  });
});
