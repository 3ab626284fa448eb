import type { AuditActor } from '../../domain/access/audit-entry';
import type { StaffActor } from '../../domain/lifecycle/model';
import type { AuditLog, Clock } from '../ports';

/**
 * What a use case needs to put a staff read or action on the audit log: the log, the route it serves (as API
 * Gateway names it) and the clock. Optional in the use cases' dependencies so that the simulator and the workflow,
 * which act for no person, run without one; every staff HTTP handler passes one.
 */
export interface AuditTrail {
  log: AuditLog;
  route: string;
  now: Clock;
}

/**
 * Appends the entry for an outcome and hands the outcome back. A read is not answered when it cannot be recorded
 * (the append's error propagates): personal data is never shown off the record.
 */
export async function audited<T extends { ok: boolean }>(trail: AuditTrail | undefined, actor: StaffActor, action: string, caseId: string | undefined, outcome: T): Promise<T> {
  if (!trail) return outcome;
  await appendEntry(trail, staffAuditActor(actor), action, caseId, outcome.ok);
  return outcome;
}

/** A member of staff as the log names them: id and role, nothing else of the token. */
export const staffAuditActor = (actor: StaffActor): AuditActor => ({ staffId: actor.staffId, role: actor.role });

/**
 * One entry per case an act touched (an erasure covers every case of the customer, a retention run every case it
 * expired), whoever acted: each case's own log must show it.
 */
export async function auditedForCases<T extends { ok: boolean }>(trail: AuditTrail, actor: AuditActor, action: string, caseIds: readonly string[], outcome: T): Promise<T> {
  for (const caseId of caseIds) await appendEntry(trail, actor, action, caseId, outcome.ok);
  return outcome;
}

async function appendEntry(trail: AuditTrail, actor: AuditActor, action: string, caseId: string | undefined, allowed: boolean): Promise<void> {
  await trail.log.append({
    at: trail.now().toISOString(),
    actor,
    action,
    ...(caseId ? { caseId } : {}),
    route: trail.route,
    outcome: allowed ? 'allowed' : 'refused',
  });
}
