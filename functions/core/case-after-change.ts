import { CaseSchema, type PendingTask, type Case } from '../domain/case';
import type { CaseChange } from './ports';

/**
 * The case as a commit leaves it, computed the same way by every store (DynamoDB, in memory): the decision's
 * lifecycle and status, its event count, the attributes it sets and removes, and the task token it takes. Also
 * checks that the change continues the event sequence of the version it was decided on.
 */
export function caseAfterChange(read: Case, change: CaseChange): { theCase: Case; taken?: PendingTask } {
  const { state, events } = change;
  if (state.caseId !== read.id || events.some((e, i) => e.caseId !== read.id || e.seq !== read.eventSeq + 1 + i) || state.eventSeq !== read.eventSeq + events.length) {
    throw new Error(`a decision must continue the event sequence of the case it changes (read ${read.eventSeq}, got ${events.map((e) => e.seq).join(',')})`);
  }
  const taken = change.completes !== undefined && !change.clearTasks ? read.tasks[change.completes] : undefined;
  const tasks = change.clearTasks ? {} : Object.fromEntries(Object.entries(read.tasks).filter(([step]) => !taken || step !== change.completes));
  const removed = new Set<string>(change.remove ?? []);
  const theCase = CaseSchema.parse({
    ...Object.fromEntries(Object.entries(read).filter(([k]) => !removed.has(k))),
    ...change.set,
    status: state.status,
    lifecycle: state,
    eventSeq: state.eventSeq,
    updatedAt: events.at(-1)?.at ?? state.updatedAt,
    tasks,
  });
  return taken ? { theCase, taken } : { theCase };
}

/** The instant a change resolves the case, when it does (the customer's last resolution moves with it). */
export const newResolution = (read: Case, change: CaseChange): string | undefined => {
  const at = change.state.resolution?.at;
  return at && at !== read.lifecycle.resolution?.at ? at : undefined;
};
