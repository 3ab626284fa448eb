import type { Case } from '../../domain/case';
import type { CaseStore, PolicyBook } from '../ports';

/** The system action that starts a waiting case's next-issue clock (see `decide`). */
export interface PreviousIssueResolved {
  type: 'previousIssueResolved';
  resolvedAt: string;
}

/**
 * Per-customer sequencing after a resolution (itc, seed 002: "the next issue is processed within 24 hours of the
 * previous issue being processed"). The customer's oldest other case still waiting on the front line becomes the
 * next issue: its `nextIssue` clock starts at the resolution. Only one: the case after it is next when this one is
 * resolved in turn. Cases that are not waiting (escalated, resolved, closed) refuse the action and are skipped.
 * Intake covers the other order: a case filed after the resolution starts with the clock.
 * `act` is the one way an action reaches a case (decide, guarded commit, wake the workflow, notify).
 */
export async function sequenceNextIssue(
  deps: { store: CaseStore; policies: PolicyBook },
  act: (caseId: string, action: PreviousIssueResolved) => Promise<{ ok: boolean }>,
  resolved: Case,
  resolvedAt: string,
): Promise<string | undefined> {
  if (!deps.policies.of(resolved.policy).sequencing) return undefined;
  for (const id of await deps.store.casesOf(resolved.customer.email)) {
    if (id === resolved.id) continue;
    if ((await act(id, { type: 'previousIssueResolved', resolvedAt })).ok) return id;
  }
  return undefined;
}
