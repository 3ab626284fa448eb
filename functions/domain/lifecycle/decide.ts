import * as z from 'zod';
import { clockTarget, pauseClock, resumeClock, startClock, stopClock, toDeadline, type Policy } from '../policy';
import { ActionSchema, CUSTOMER_ACTIONS, STAFF_ACTIONS, SYSTEM_ACTIONS, type Action } from './actions';
import { eventActor, type LifecycleEvent, type LifecycleEventType } from './events';
import { fieldErrorsOf } from './field-errors';
import { financeDecides, isClosingRung, mediationNotice, roleForLevel, rungAt, statusOnLevel } from './ladder';
import {
  ActorSchema,
  isFinal,
  isStaff,
  type Actor,
  type CaseStatus,
  type ClockId,
  type ClockState,
  type ClosureReason,
  type Level,
  type LifecycleState,
  type StaffActor,
} from './model';
import type { Notification, NotificationTemplate, Recipient } from './notifications';
import { refuse, type Refusal } from './problems';
import { nextTimer, stepOf, type WorkflowSignal } from './signals';

/**
 * The lifecycle's transition function: given a case, an action, who acts, when and under which policy (the version
 * the case started under), either the next state with everything that follows from it, or a refusal. Pure: no clock
 * reads, no I/O; the same inputs always give the same decision, so the workflow can retry safely.
 */

export const ClockOpSchema = z
  .object({
    op: z.enum(['start', 'pause', 'resume', 'stop', 'restart', 'fire']),
    clock: z.string(),
    due: z.string().optional(),
  })
  .strict();
export type ClockOp = z.infer<typeof ClockOpSchema>;

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

/** Clocks that keep running while the case waits for the customer: hard limits on us, not on the customer. */
const NOT_PAUSED_FOR_CUSTOMER: ReadonlySet<ClockId> = new Set(['acknowledgment', 'maxProcessing', 'silenceReminder', 'silenceClose']);
/** Clocks of the front line, superseded when the case climbs a rung. */
const FRONT_LINE_CLOCKS: ClockId[] = ['firstResponse', 'nextReply', 'infoRequest', 'resolution', 'autoEscalation'];
/** Clocks that end when a resolution is given (maxProcessing: "from receipt to resolution"). */
const WORK_CLOCKS: ClockId[] = [...FRONT_LINE_CLOCKS, 'periodicUpdate', 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'maxProcessing'];

/** Draft of one decision: the state being changed and everything the change emits. */
class Draft {
  state: LifecycleState;
  readonly events: LifecycleEvent[] = [];
  readonly notifications: Notification[] = [];
  private readonly touched = new Set<ClockId>();

  constructor(
    readonly before: LifecycleState,
    readonly actor: Actor,
    readonly now: Date,
    readonly policy: Policy,
  ) {
    this.state = { ...before, clocks: { ...before.clocks }, breaches: { ...before.breaches }, updatedAt: now.toISOString() };
  }

  get at(): string {
    return this.now.toISOString();
  }

  get facts() {
    return { category: this.state.category, priority: this.state.priority, channel: this.state.channel };
  }

  private setClock(id: ClockId, c: ClockState) {
    this.state.clocks = { ...this.state.clocks, [id]: c };
    this.touched.add(id);
  }

  /** Starts (or starts over) a clock, if the policy runs it for this case. */
  start(id: ClockId) {
    const target = clockTarget(this.policy, this.facts, id);
    if (target) this.setClock(id, startClock(this.policy, id, target, this.now));
  }

  stop(...ids: ClockId[]) {
    for (const id of ids) {
      const c = this.state.clocks[id];
      if (c && c.status !== 'stopped') this.setClock(id, stopClock(this.policy, c, this.now));
    }
  }

  /** A clock that fell due: stopped, and when it was a promise, recorded as broken. */
  fire(id: ClockId, broken: boolean) {
    const c = this.state.clocks[id]!;
    const stopped = stopClock(this.policy, c, this.now);
    this.setClock(id, broken ? { ...stopped, met: false } : stopped);
  }

  pauseForCustomer() {
    for (const [id, c] of Object.entries(this.state.clocks) as [ClockId, ClockState][]) {
      if (c.status === 'running' && !NOT_PAUSED_FOR_CUSTOMER.has(id)) this.setClock(id, pauseClock(this.policy, c, this.now, 'waiting for the customer'));
    }
  }

  resumeAll() {
    for (const [id, c] of Object.entries(this.state.clocks) as [ClockId, ClockState][]) {
      if (c.status === 'paused') this.setClock(id, resumeClock(this.policy, c, this.now).state);
    }
  }

  stopAll() {
    this.stop(...(Object.keys(this.state.clocks) as ClockId[]));
  }

  breach(id: ClockId, what: string) {
    const clock = this.state.clocks[id]!;
    this.state.breaches = { ...this.state.breaches, [id]: this.at };
    this.fire(id, true);
    this.event('breached', `Promise broken: ${what} was due ${clock.due} and did not happen in time.`, 'internal', { clause: clock.clause, deadlines: [] });
    this.notify('supervisor', 'breach', { clock: id, due: clock.due ?? '' });
  }

  deadline(id: ClockId) {
    const c = this.state.clocks[id];
    return c?.status === 'running' ? [toDeadline(this.policy, c)] : [];
  }

  /** Deadlines of the clocks this decision started or resumed, each with its explanation (clause, calendar, pauses). */
  private changedDeadlines() {
    return [...this.touched].flatMap((id) => this.deadline(id));
  }

  event(type: LifecycleEventType, summary: string, visibility: 'customer' | 'internal', opts: { clause?: string | undefined; deadlines?: LifecycleEvent['deadlines'] } = {}) {
    const seq = this.state.eventSeq + 1;
    this.state.eventSeq = seq;
    const e: LifecycleEvent = {
      ticketId: this.state.caseId,
      seq,
      at: this.at,
      actor: eventActor(this.actor),
      type,
      summary,
      deadlines: opts.deadlines ?? this.changedDeadlines(),
      visibility,
    };
    if (opts.clause !== undefined) e.clause = opts.clause;
    this.events.push(e);
  }

  notify(to: Recipient, template: NotificationTemplate, vars: Record<string, string> = {}) {
    this.notifications.push({ to, template, caseId: this.state.caseId, vars });
  }

  setStatus(status: CaseStatus) {
    this.state.status = status;
  }

  clockOps(): ClockOp[] {
    const ops: ClockOp[] = [];
    for (const id of this.touched) {
      const a = this.before.clocks[id];
      const b = this.state.clocks[id]!;
      let op: ClockOp['op'];
      if (b.status === 'running') op = !a ? 'start' : a.status === 'paused' ? 'resume' : 'restart';
      else if (b.status === 'paused') op = 'pause';
      else op = b.met === false && this.state.breaches[id] === this.at ? 'fire' : 'stop';
      const o: ClockOp = { op, clock: id };
      if (b.status === 'running' && b.due) o.due = b.due;
      ops.push(o);
    }
    return ops;
  }
}

/** Whether a staff role works a case on a level. Finance works the cases it decides below the dispute review. */
function worksAtLevel(policy: Policy, actor: StaffActor, s: LifecycleState): boolean {
  if (actor.role === 'supervisor') return true;
  const owner = roleForLevel(policy, s.level);
  if (actor.role === 'finance') return financeDecides(policy, s.category) && owner !== 'dispute_team';
  if (actor.role === owner) return true;
  // A senior may also take front-line cases (seed 001: "a Senior Support Representative or the Customer Service Manager").
  return actor.role === 'senior' && s.level === 0;
}

/** Agents and finance act on unassigned cases or their own; seniors, the dispute team and supervisors on any at their rung. */
const mayTouchAssigned = (actor: StaffActor, s: LifecycleState) =>
  s.assignee === undefined || s.assignee === actor.staffId || actor.role === 'supervisor' || actor.role === 'senior' || actor.role === 'dispute_team';

const OPEN_WORK: ReadonlySet<CaseStatus> = new Set(['acknowledged', 'in_progress', 'escalated_senior', 'dispute_review']);

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
    return refuse(410, `The case is ${state.status.replace('_', ' ')} since ${state.closure?.at ?? state.updatedAt}; it takes no more actions.`);
  }

  const d = new Draft(state, actor, now, policy);
  const refusal = isStaff(actor) ? staffAction(d, actor, action) : actor.role === 'customer' ? customerAction(d, action) : systemAction(d, action);
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

// ---------------------------------------------------------------------------------------------------------- staff

function staffAction(d: Draft, actor: StaffActor, action: Action): Refusal | undefined {
  const s = d.state;
  const policy = d.policy;
  if (s.status === 'received') return refuse(409, 'The case is not acknowledged yet; staff actions start after the acknowledgment.');
  if (!worksAtLevel(policy, actor, s)) {
    return refuse(403, `The case is with the ${s.level === 0 ? 'front line' : rungAt(policy, s.level)!.label}; a ${actor.role} may not act on it.`);
  }
  const ownsOrMay = () => (mayTouchAssigned(actor, s) ? undefined : refuse(403, 'The case is assigned to another representative.'));

  switch (action.type) {
    case 'note':
      d.event('note', `Internal note: ${action.text}`, 'internal', { deadlines: [] });
      return;

    case 'claim': {
      if (s.assignee === actor.staffId) return refuse(409, 'You have already claimed this case.');
      if (s.assignee !== undefined && actor.role !== 'supervisor') return refuse(409, 'The case is already claimed by another representative.');
      d.state.assignee = actor.staffId;
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      d.event('claimed', `Case claimed by a ${actor.role}.`, 'internal', { deadlines: [] });
      return;
    }

    case 'assign': {
      if (actor.role === 'agent' || actor.role === 'finance') return refuse(403, 'Only a supervisor, or a senior or the Dispute Resolution Team on their rung, assigns cases.');
      if (s.assignee === action.to) return refuse(409, 'The case is already assigned to that person.');
      d.state.assignee = action.to;
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      d.event('assigned', `Case assigned to staff member ${action.to}.`, 'internal', { deadlines: [] });
      d.notify('assignee', 'case_assigned', { assignee: action.to });
      return;
    }

    case 'reply': {
      if (!OPEN_WORK.has(s.status) && s.status !== 'awaiting_customer' && s.status !== 'resolved') return refuse(409, `No reply is possible while the case is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      if (s.status === 'acknowledged') d.setStatus('in_progress');
      if (d.state.assignee === undefined && actor.role !== 'supervisor') d.state.assignee = actor.staffId;
      d.stop('nextReply');
      if (s.status === 'escalated_senior') d.stop('seniorResponse');
      if (s.status === 'dispute_review') d.stop('disputeUpdate');
      // A reply is an update: the periodic-update clock starts over.
      if (d.state.clocks.periodicUpdate?.status === 'running') d.start('periodicUpdate');
      d.event('staff_replied', `The ${s.level === 0 ? 'support team' : rungAt(policy, s.level)!.label} replied.`, 'customer');
      d.notify('customer', 'staff_reply', { message: action.message });
      return;
    }

    case 'requestInfo': {
      if (s.status === 'awaiting_customer') return refuse(409, 'Information was already requested; the case is waiting for the customer.');
      if (!OPEN_WORK.has(s.status)) return refuse(409, `Information cannot be requested while the case is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      d.stop('infoRequest', 'nextReply');
      if (d.state.assignee === undefined && actor.role !== 'supervisor') d.state.assignee = actor.staffId;
      d.state.resumeTo = s.status === 'acknowledged' ? 'in_progress' : s.status;
      d.state.infoRequests = s.infoRequests + 1;
      d.setStatus('awaiting_customer');
      d.pauseForCustomer();
      d.start('silenceReminder');
      d.start('silenceClose');
      d.event('info_requested', 'We need more information from you; the resolution clock is paused until you answer.', 'customer', {
        clause: s.clocks.infoRequest?.clause ?? s.clocks.firstResponse?.clause,
      });
      d.notify('customer', 'info_request', { questions: action.questions, closesAt: d.state.clocks.silenceClose?.due ?? '' });
      return;
    }

    case 'resolve': {
      if (s.status === 'resolved') return refuse(409, 'The case is already resolved; the customer may accept or dispute the resolution.');
      if (!OPEN_WORK.has(s.status)) return refuse(409, `The case cannot be resolved while it is ${s.status}.`);
      if (financeDecides(policy, s.category) && roleForLevel(policy, s.level) !== 'dispute_team' && actor.role !== 'finance' && actor.role !== 'supervisor') {
        return refuse(403, `Only finance (or a supervisor) decides ${s.category.replace(/_/g, ' ')} cases.`);
      }
      const r = ownsOrMay();
      if (r) return r;
      firstResponse(d);
      d.stop(...WORK_CLOCKS);
      d.state.resolution = { at: d.at, level: s.level, by: actor.staffId };
      d.setStatus('resolved');
      // The survey first; the close window runs from the survey (or from now when the policy sends no survey).
      if (clockTarget(policy, d.facts, 'followUp')) d.start('followUp');
      else d.start('followUpClose');
      const who = s.level === 0 ? 'We resolved' : `${rungAt(policy, s.level)!.label}: resolved`;
      d.event('resolved', `${who} your case. You can accept the resolution or dispute it.`, 'customer', { clause: 'Step 4: once resolved, the customer receives a detailed notification' });
      const vars: Record<string, string> = { resolution: action.summary, rung: s.rung ?? 'front line' };
      if (action.actionsTaken) vars.actionsTaken = action.actionsTaken;
      if (action.nextSteps) vars.nextSteps = action.nextSteps;
      d.notify('customer', 'resolution', vars);
      return;
    }

    case 'escalate': {
      if (s.status === 'resolved') return refuse(409, 'The case is resolved; only the customer can dispute the resolution now.');
      if (s.status === 'awaiting_customer') return refuse(409, 'The case is waiting for the customer; escalate after they answer.');
      if (!OPEN_WORK.has(s.status)) return refuse(409, `The case cannot be escalated while it is ${s.status}.`);
      const r = ownsOrMay();
      if (r) return r;
      if (isClosingRung(rungAt(policy, s.level + 1))) return refuse(409, 'The case is at the top of the internal ladder; recommend external mediation instead.');
      climb(d, 'staff');
      return;
    }

    case 'recommendMediation': {
      if (roleForLevel(policy, s.level) !== 'dispute_team' && actor.role !== 'supervisor') return refuse(403, 'External mediation is recommended by the Dispute Resolution Team or a supervisor.');
      if (s.status !== 'dispute_review' && s.status !== 'escalated_senior') return refuse(409, 'External mediation is recommended during a review, not now.');
      toMediation(d, action.reason);
      return;
    }

    case 'close': {
      if (s.status !== 'resolved' && actor.role !== 'supervisor') return refuse(409, 'Only a resolved case can be closed (a supervisor may close any).');
      const r = ownsOrMay();
      if (r) return r;
      close(d, 'closed_by_staff', 'Your case was closed.');
      return;
    }
  }
  return refuse(403, `Staff may not ${action.type}.`);
}

function firstResponse(d: Draft) {
  if (d.state.firstRespondedAt) return;
  d.state.firstRespondedAt = d.at;
  d.stop('firstResponse');
}

type Trigger = 'automatic' | 'customer' | 'staff' | 'timeout';

/** Whether a case may climb to the next rung by this trigger (the rung's `entry` says how it is reached). */
function mayClimb(policy: Policy, level: Level, trigger: Trigger): boolean {
  const next = rungAt(policy, level + 1);
  if (!next) return false;
  if (level === 0) return trigger === 'staff' || next.entry.includes(trigger === 'customer' ? 'customerRequest' : 'automatic');
  return next.entry.includes('previousRung');
}

/** The case goes one rung up the policy's ladder; a closing rung (or none) means mediation is recommended. */
function climb(d: Draft, trigger: Trigger) {
  const policy = d.policy;
  const level = d.state.level + 1;
  const rung = rungAt(policy, level);
  if (!rung || isClosingRung(rung) || !mayClimb(policy, d.state.level, trigger)) {
    toMediation(d, trigger === 'customer' ? 'The customer disputed the decision of the last internal review.' : 'No further internal review.');
    return;
  }
  d.stop(...FRONT_LINE_CLOCKS, 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'followUp', 'followUpClose', 'silenceReminder', 'silenceClose');
  d.resumeAll();
  d.state.level = level;
  d.state.rung = rung.slug;
  d.state.assignee = undefined;
  d.state.resolution = undefined;
  d.state.resumeTo = undefined;
  d.state.escalations = [...d.state.escalations, { at: d.at, to: rung.slug, trigger }];
  const status = statusOnLevel(policy, level);
  d.setStatus(status);
  for (const c of rung.clocks) d.start(c);
  const why =
    trigger === 'automatic'
      ? 'it was not resolved in time'
      : trigger === 'customer'
        ? 'you asked for an escalation'
        : trigger === 'timeout'
          ? 'the previous review did not answer in time'
          : 'our team asked for a review at a higher level';
  d.event(status === 'dispute_review' ? 'escalated_dispute_review' : 'escalated_senior', `Your case was escalated to the ${rung.label} because ${why}.`, 'customer', {
    clause: trigger === 'automatic' ? (d.state.clocks.autoEscalation?.clause ?? rung.clause) : rung.clause,
  });
  const template = status === 'dispute_review' ? 'escalated_dispute_review' : 'escalated_senior';
  const vars: Record<string, string> = { rung: rung.label, trigger };
  for (const c of rung.clocks) if (d.state.clocks[c]?.due) vars[`${c}Due`] = d.state.clocks[c]!.due!;
  // The policy says who is told on this rung; the rung's own team always is (its queue).
  const recipients = new Set<Recipient>(rung.notify.map((n) => (n === 'department' ? 'senior_team' : n)));
  recipients.add(status === 'dispute_review' ? 'dispute_team' : 'senior_team');
  for (const to of recipients) d.notify(to, template, vars);
}

function toMediation(d: Draft, reason: string) {
  const notice = mediationNotice(d.policy, d.state.level + 1);
  d.stopAll();
  d.setStatus('mediation_recommended');
  d.state.closure = { at: d.at, reason: 'mediation_recommended' };
  d.state.resumeTo = undefined;
  d.event('mediation_recommended', notice, 'customer', { clause: rungAt(d.policy, d.state.level + 1)?.clause ?? 'External mediation; legal action as the last resort', deadlines: [] });
  d.notify('customer', 'mediation_recommended', { notice, reason });
  d.notify('supervisor', 'mediation_recommended', { reason });
}

function close(d: Draft, reason: ClosureReason, summary: string) {
  d.stopAll();
  d.setStatus('closed');
  d.state.closure = { at: d.at, reason };
  d.state.resumeTo = undefined;
  d.event('closed', summary, 'customer', { deadlines: [] });
  d.notify('customer', 'closed', { reason });
}

// ------------------------------------------------------------------------------------------------------- customer

/** Who on staff hears of the customer: the assignee, else the queue of the case's level. */
function staffRecipient(d: Draft): Recipient {
  const s = d.state;
  if (s.assignee) return 'assignee';
  const owner = roleForLevel(d.policy, s.level);
  if (owner === 'dispute_team') return 'dispute_team';
  if (s.level > 0) return 'senior_team';
  return financeDecides(d.policy, s.category) ? 'finance_team' : 'support_team';
}

function customerAction(d: Draft, action: Action): Refusal | undefined {
  const s = d.state;
  switch (action.type) {
    case 'reply': {
      if (s.status === 'awaiting_customer') {
        d.stop('silenceReminder', 'silenceClose');
        d.resumeAll();
        d.setStatus(s.resumeTo ?? 'in_progress');
        d.state.resumeTo = undefined;
        d.event('info_provided', 'You provided the requested information; the paused clocks run again with the time that was left.', 'customer');
        d.notify(staffRecipient(d), 'customer_message', { message: action.message });
        return;
      }
      // A message on an open case is owed an answer (the policy's nextReply), except after a resolution.
      if (s.status !== 'resolved' && s.status !== 'received') d.start('nextReply');
      d.event('customer_replied', 'You sent a message.', 'customer');
      d.notify(staffRecipient(d), 'customer_message', { message: action.message });
      return;
    }

    case 'acceptResolution': {
      if (s.status !== 'resolved') return refuse(409, 'There is no resolution to accept right now.');
      d.stopAll();
      d.setStatus('closed');
      d.state.closure = { at: d.at, reason: 'accepted' };
      d.event('resolution_accepted', 'You accepted the resolution; the case is closed. Thank you.', 'customer', { deadlines: [] });
      d.notify('customer', 'satisfaction_survey', {});
      return;
    }

    case 'dispute': {
      if (s.status === 'received') return refuse(409, 'Your complaint is being registered; you can escalate once it is acknowledged.');
      if (s.status === 'resolved') {
        d.event('disputed', `You disputed the resolution: ${action.reason}`, 'customer', { deadlines: [] });
        climb(d, 'customer');
        return;
      }
      // Not resolved yet: "if a customer feels that their complaint has not been adequately resolved, they may request an escalation".
      if (s.level > 0) return refuse(409, 'Your case is already under review at a higher level.');
      if (!mayClimb(d.policy, 0, 'customer')) return refuse(409, 'This policy offers no escalation on request before a resolution.');
      d.event('disputed', `You asked for an escalation: ${action.reason}`, 'customer', { deadlines: [] });
      climb(d, 'customer');
      return;
    }

    case 'rate': {
      if (s.csat) return refuse(409, 'You have already rated this case.');
      if (!s.resolution) return refuse(409, 'You can rate the handling of your case once it has a resolution.');
      d.state.csat = { score: action.score, at: d.at, ...(action.comment ? { comment: action.comment } : {}) };
      d.event('rated', `You rated the handling of your case ${action.score} out of 5.`, 'customer', { deadlines: [] });
      return;
    }
  }
  return refuse(403, `A customer may not ${action.type}.`);
}

// --------------------------------------------------------------------------------------------------------- system

function systemAction(d: Draft, action: Action): Refusal | undefined {
  const s = d.state;
  if (action.type === 'acknowledge') {
    if (s.status !== 'received') return refuse(409, 'The case is already acknowledged.');
    d.stop('acknowledgment');
    d.setStatus('acknowledged');
    d.event('acknowledged', 'We acknowledged your complaint and sent you the case number, the estimated resolution time and the next steps.', 'customer', {
      clause: s.clocks.acknowledgment?.clause,
      deadlines: (['firstResponse', 'resolution', 'maxProcessing'] as const).flatMap((id) => d.deadline(id)),
    });
    return;
  }
  if (action.type !== 'timeout') return refuse(403, `The system may not ${action.type}.`);

  const clock = s.clocks[action.clock];
  if (!clock) return refuse(409, `The ${action.clock} clock never started on this case.`);
  if (clock.status === 'paused') return refuse(409, `The ${action.clock} clock is paused; a paused clock does not fall due.`);
  if (clock.status !== 'running' || !clock.due) return refuse(410, `The ${action.clock} clock already stopped.`);
  if (Date.parse(clock.due) > d.now.getTime()) return refuse(409, `The ${action.clock} clock is not due until ${clock.due}.`);

  switch (action.clock) {
    case 'acknowledgment':
      d.breach('acknowledgment', 'the acknowledgment');
      return;
    case 'firstResponse':
      d.breach('firstResponse', s.critical ? 'starting work on a critical issue' : 'the first response');
      return;
    case 'infoRequest':
      d.breach('infoRequest', 'contacting the customer for missing details');
      return;
    case 'nextReply':
      d.breach('nextReply', "the answer to the customer's message");
      return;
    case 'resolution':
      d.breach('resolution', 'the resolution');
      return;
    case 'maxProcessing':
      d.breach('maxProcessing', 'the maximum processing time');
      return;
    case 'autoEscalation':
      d.fire('autoEscalation', false);
      if (mayClimb(d.policy, s.level, 'automatic')) climb(d, 'automatic');
      else d.notify('supervisor', 'breach', { clock: 'autoEscalation', due: clock.due });
      return;
    case 'seniorResponse':
      d.breach('seniorResponse', `the ${s.level > 0 ? rungAt(d.policy, s.level)!.label : 'senior'} response`);
      // Unresolved after the escalation: the next rung (Promptearn: the Dispute Resolution Team), if one takes cases from below.
      if (!isClosingRung(rungAt(d.policy, s.level + 1)) && mayClimb(d.policy, s.level, 'timeout')) climb(d, 'timeout');
      return;
    case 'disputeUpdate':
      d.breach('disputeUpdate', "the Dispute Resolution Team's update");
      d.event('dispute_update_overdue', `The Dispute Resolution Team is still reviewing your case; its decision is due ${s.clocks.disputeDecision?.due ?? 'soon'}.`, 'customer', {
        clause: clock.clause,
        deadlines: d.deadline('disputeDecision'),
      });
      d.notify('customer', 'dispute_update_overdue', { dueAt: s.clocks.disputeDecision?.due ?? '' });
      return;
    case 'disputeDecision':
      d.breach('disputeDecision', "the Dispute Resolution Team's decision");
      return;
    case 'periodicUpdate':
      d.start('periodicUpdate');
      d.event('progress_update', 'We are still working on your case and will update you again.', 'customer', { clause: clock.clause });
      d.notify('customer', 'progress_update', { dueAt: d.state.clocks.periodicUpdate?.due ?? '' });
      d.notify(staffRecipient(d), 'progress_update', { dueAt: d.state.clocks.periodicUpdate?.due ?? '' });
      return;
    case 'silenceReminder':
      d.fire('silenceReminder', false);
      d.state.remindersSent = s.remindersSent + 1;
      d.event('reminder_sent', 'Reminder: we are waiting for the information we asked for.', 'customer', { deadlines: d.deadline('silenceClose') });
      d.notify('customer', 'info_reminder', { dueAt: s.clocks.silenceClose?.due ?? '' });
      return;
    case 'silenceClose':
      d.fire('silenceClose', false);
      close(d, 'no_reply', 'We did not receive the information we asked for, so the case was closed. You can open a new complaint at any time.');
      return;
    case 'followUp':
      d.fire('followUp', false);
      d.start('followUpClose');
      d.event('progress_update', 'How did we do? We sent you a short satisfaction survey.', 'customer', { clause: clock.clause, deadlines: d.deadline('followUpClose') });
      d.notify('customer', 'satisfaction_survey', {});
      return;
    case 'followUpClose':
      d.fire('followUpClose', false);
      close(d, 'follow_up_elapsed', 'The resolution was neither accepted nor disputed in time, so the case was closed.');
      return;
  }
}
