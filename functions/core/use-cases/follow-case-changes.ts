import type { OutboxMessage } from '../outbox';
import type { WorkflowStarter } from '../ports';
import { sendOutboxMessage, type SendOutboxDeps } from './send-outbox';
import { logger } from '../logger';

/** What a change of the table asks of the system; everything else on the stream is ignored. */
export type CaseTableChange = { kind: 'case-created'; caseId: string } | { kind: 'outbox-added'; message: OutboxMessage } | { kind: 'ignored' };

export interface FollowCaseChangesDeps extends SendOutboxDeps {
  workflow: WorkflowStarter;
}

/**
 * The table's change stream, in order: a new case starts its workflow (execution name = case id, so a repeated
 * start is a no-op), a new outbox item is sent by the outbox's sender (a message the request already sent is
 * skipped). Stops at the first change that could not be handled and answers its id, so the stream retries from
 * there (Lambda's partial batch response); a message whose mail failed is not such a change: it stays in the
 * outbox for the sweep. The reconciler starts any workflow whose record was dropped after the retries.
 */
export async function followCaseChanges<Id>(deps: FollowCaseChangesDeps, changes: readonly { id: Id; change: CaseTableChange }[]): Promise<{ handled: number; failedAt?: Id }> {
  let handled = 0;
  for (const { id, change } of changes) {
    try {
      if (change.kind === 'case-created') await deps.workflow.start(change.caseId);
      else if (change.kind === 'outbox-added') await sendOutboxMessage(deps, change.message);
      handled++;
    } catch (e) {
      const caseId = change.kind === 'case-created' ? change.caseId : change.kind === 'outbox-added' ? change.message.caseId : undefined;
      logger.error('change not handled; the stream retries it', { kind: change.kind, caseId, error: (e as Error)?.name });
      return { handled, failedAt: id };
    }
  }
  return { handled };
}
