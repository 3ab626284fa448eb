import type { Policy } from '../policy';
import { ActionSchema, CUSTOMER_ACTIONS, STAFF_ACTIONS, SYSTEM_ACTIONS, type Action } from './actions';
import { customerDecision } from './customer-decisions';
import { Draft, type ClockOp } from './draft';
import type { LifecycleEvent } from './events';
import { fieldErrorsOf } from './field-errors';
import { ActorSchema, isFinal, isStaff, type LifecycleState } from './model';
import type { Notification } from './notifications';
import { refuse, type Refusal } from './problems';
import { nextTimer, stepOf, type WorkflowSignal } from './signals';
import { staffDecision } from './staff-decisions';
import { systemDecision } from './system-decisions';

export { ClockOpSchema, type ClockOp } from './draft';

/**
 * The lifecycle's transition function: given a case, an action, who acts, when and under which policy (the version
 * the case started under), either the next state with everything that follows from it, or a refusal. Pure: no clock
 * reads, no I/O; the same inputs always give the same decision, so the workflow can retry safely.
 *
 * This file only checks who may take which kind of action and dispatches; the rules live in one file per actor
 * (staff-decisions.ts, customer-decisions.ts, system-decisions.ts) and the ladder moves in ladder-moves.ts.
 */

export interface Accepted {
  ok: true;
  state: LifecycleState;
  events: LifecycleEvent[];
  clockOps: ClockOp[];
  notifications: Notification[];
  /** Which workflow wait this completes, or null when the workflow need not hear of it (no transition billed). */
  signal: WorkflowSignal | null;
}
export type Decision = Accepted | Refusal;

export function decide(state: LifecycleState, rawAction: unknown, rawActor: unknown, now: Date, policy: Policy): Decision {
  const parsedAction = ActionSchema.safeParse(rawAction);
  if (!parsedAction.success) return refuse(422, 'The action is malformed.', fieldErrorsOf(parsedAction.error));
  const parsedActor = ActorSchema.safeParse(rawActor);
  if (!parsedActor.success) return refuse(422, 'The actor is malformed.', fieldErrorsOf(parsedActor.error, 'actor'));
  const action = parsedAction.data;
  const actor = parsedActor.data;

  // Role: what kind of actor may take this kind of action at all.
  const allowed: readonly string[] = actor.role === 'customer' ? CUSTOMER_ACTIONS : actor.role === 'system' ? SYSTEM_ACTIONS : STAFF_ACTIONS;
  if (!allowed.includes(action.type)) return refuse(403, `A ${actor.role} actor may not ${action.type}.`);
  // Object level: a customer acts only on the case whose access token they hold.
  if (actor.role === 'customer' && actor.caseId !== state.caseId) return refuse(403, 'This is not your case.');

  if (isFinal(state.status) && action.type !== 'rate') {
    const since = `The case is ${state.status.replace('_', ' ')} since ${state.closure?.at ?? state.updatedAt}`;
    // No preset states a reopen window, so a reply never reopens a case: the customer is told what to do instead.
    if (actor.role === 'customer' && action.type === 'reply') return refuse(410, `${since}; a reply does not reopen it. Please open a new complaint.`);
    return refuse(410, `${since}; it takes no more actions.`);
  }

  const d = new Draft(state, actor, now, policy);
  const refusal = isStaff(actor) ? staffDecision(d, actor, action) : actor.role === 'customer' ? customerDecision(d, action) : systemDecision(d, action);
  if (refusal) return refusal;

  return { ok: true, state: d.state, events: d.events, clockOps: d.clockOps(), notifications: d.notifications, signal: signalFor(state, d.state, action) };
}

function signalFor(before: LifecycleState, after: LifecycleState, action: Action): WorkflowSignal | null {
  const from = stepOf(before);
  const to = stepOf(after);
  const t0 = nextTimer(before);
  const t1 = nextTimer(after);
  const via = action.type === 'timeout' ? 'timer' : action.type === 'acknowledge' ? 'task' : 'callback';
  // A fired timer has ended its wait and the Acknowledge task hands over: the workflow must always learn what is next.
  // A human action matters to the workflow only when it changes the step or the next timeout.
  const changed = via !== 'callback' || from !== to || t0?.clock !== t1?.clock || t0?.due !== t1?.due;
  if (!changed || from === 'done') return null;
  const signal: WorkflowSignal = { completes: from, via, next: to };
  if (t1 && to !== 'done') signal.timer = t1;
  return signal;
}
