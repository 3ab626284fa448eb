import * as z from '../../domain/zod';
import { lifecycleOf, type Case } from '../../domain/case';
import { fieldErrors } from '../../domain/field-errors';
import { Draft } from '../../domain/lifecycle/draft';
import type { StaffActor } from '../../domain/lifecycle/model';
import { mayReadCase } from '../../domain/access/read-access';
import { decideAndCommit } from '../commit-loop';
import { notFound, refused, type Outcome } from '../outcomes';
import type { CaseStore, Clock, PolicyBook } from '../ports';
import { audited, type AuditTrail } from './audit-trail';

/**
 * A supervisor takes a case off the "needs attention" list by hand, saying why (the failure was dealt with outside
 * the workflow, or the case needs no more from it). Only the flag the supervisor saw is lifted (`CaseStore.clearFlag`
 * with its time): a newer failure flagged meanwhile stays. The reason goes on the case's timeline as an internal
 * note, the action on the audit log (`lift_flag`). The workflow is not restarted: the reconciler or the next step
 * does that as for any flagged case.
 */
export const LiftFlagSchema = z.strictObject({
    reason: z.string().check(z.trim(), z.minLength(5, 'reason must say why, in at least 5 characters'), z.maxLength(1000, 'reason must be at most 1000 characters')),
  }).register(z.globalRegistry, { id: 'LiftFlag' });

export interface LiftFlagDeps {
  store: CaseStore;
  policies: PolicyBook;
  now: Clock;
  audit?: AuditTrail;
}

export type FlagLifted = Outcome<{ caseId: string; liftedFlag: { at: string; error: string } }>;

export async function liftFlag(deps: LiftFlagDeps, actor: StaffActor, caseId: string, body: unknown): Promise<FlagLifted> {
  const record = (outcome: FlagLifted) => audited(deps.audit, actor, 'lift_flag', caseId, outcome);
  // A case the caller may not read is answered as a missing one; one they may read but not unflag, 403.
  const theCase = await deps.store.get(caseId);
  if (!theCase || !mayReadCase(deps.policies.of(theCase.policy), actor, lifecycleOf(theCase))) return record(notFound('No such complaint.'));
  if (actor.role !== 'supervisor') return record(refused('forbidden', 'Only supervisors lift the "needs attention" flag.'));
  const parsed = LiftFlagSchema.safeParse(body);
  if (!parsed.success) return record(refused('invalid', 'The request is invalid; see errors.', fieldErrors(parsed.error.issues)));
  const flag = theCase.needsAttention;
  if (!flag) return record(refused('conflict', 'The case is not flagged as needing attention.'));
  if (!(await deps.store.clearFlag(caseId, flag.at))) return record(refused('conflict', 'The flag changed while you looked at it (lifted, or raised again): reload the case.'));
  const note = `A supervisor lifted the "needs attention" flag raised ${flag.at} (${flag.error}): ${parsed.data.reason}`;
  await decideAndCommit(deps.store, caseId, (current: Case) => {
    const draft = new Draft(lifecycleOf(current), actor, deps.now(), deps.policies.of(current.policy));
    draft.event('note', note, 'internal', { deadlines: [] });
    return { decision: { ok: true, state: draft.state, events: draft.events, clockOps: [], notifications: [], signal: null } };
  });
  return record({ ok: true, caseId, liftedFlag: flag });
}
