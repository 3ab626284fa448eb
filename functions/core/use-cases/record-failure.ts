import type { CaseStore, Clock, Notifier } from '../ports';
import { logCase, logger } from '../logger';

/**
 * `Case needs attention`: a workflow step failed after its retries. The supervisors are told first, from the case
 * id alone, because the failure may be the store itself; then the case is flagged (`needsAttention`) for the staff
 * console when the store answers. Never silently lost: either the mail or the flag, normally both.
 */
export async function recordFailure(deps: { store: CaseStore; notifier: Notifier; now: Clock }, caseId: string, error: string): Promise<{ alerted: boolean; flagged: boolean }> {
  const at = deps.now().toISOString();
  let caseNumber: string | undefined;
  try {
    caseNumber = (await deps.store.get(caseId))?.caseNumber;
  } catch {
    // The store may be what failed; the id is enough to find the case.
  }
  logCase({ id: caseId, ...(caseNumber ? { caseNumber } : {}) });
  const name = caseNumber ? `Case ${caseNumber}` : `Case ${caseId}`;
  let alerted = false;
  try {
    await deps.notifier.alertSupervisors(`${name} needs attention`, `${name} (${caseId}) needs manual attention: its workflow failed with ${error}. Nothing was closed.`);
    alerted = true;
  } catch (e) {
    logger.error('supervisor alert failed', { caseId: caseId, error: (e as Error)?.name });
  }
  let flagged = false;
  try {
    await deps.store.flag(caseId, at, error);
    flagged = true;
  } catch (e) {
    logger.error('flagging failed', { caseId: caseId, error: (e as Error)?.name });
  }
  logger.error('case needs attention', { caseId: caseId, error, alerted, flagged });
  if (!alerted && !flagged) throw new Error(`case ${caseId}: neither alerted nor flagged`);
  return { alerted, flagged };
}
