import type { CaseStore, WorkflowStarter } from '../ports';

/** Cases younger than this are left alone: their own intake request is probably still starting them. */
export const REDRIVE_GRACE_MS = 60_000;
/** Older ones are not retried forever: a workflow that exists but failed is flagged by its Fail path instead. */
export const REDRIVE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The safety net behind intake: starts the workflow of every case still `received` between a minute and a day after
 * creation. Starting is idempotent (execution name = case id), so a case whose workflow is merely slow costs one
 * no-op call. One failing start does not stop the others; the next run retries it.
 */
export async function redriveIntake(deps: { store: CaseStore; workflow: WorkflowStarter }, now: Date, limit = 100) {
  const to = new Date(now.getTime() - REDRIVE_GRACE_MS).toISOString();
  const from = new Date(now.getTime() - REDRIVE_WINDOW_MS).toISOString();
  const ids = await deps.store.listReceived(from, to, limit);
  const results = await Promise.allSettled(ids.map((id) => deps.workflow.start(id)));
  const failed = ids.filter((_, i) => results[i]!.status === 'rejected');
  if (failed.length) console.error(JSON.stringify({ level: 'error', msg: 'workflow re-drive failed', ticketIds: failed }));
  return { checked: ids.length, failed: failed.length };
}
