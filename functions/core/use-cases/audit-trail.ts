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
  await trail.log.append({
    at: trail.now().toISOString(),
    actor: { staffId: actor.staffId, role: actor.role },
    action,
    ...(caseId ? { caseId } : {}),
    route: trail.route,
    outcome: outcome.ok ? 'allowed' : 'refused',
  });
  return outcome;
}
