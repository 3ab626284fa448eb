import * as z from '../zod';
import { clockTarget, pauseClock, resumeClock, startClock, stopClock, toDeadline, type Policy } from '../policy';
import { eventActor, type LifecycleEvent, type LifecycleEventType } from './events';
import type { Actor, CaseStatus, ClockId, ClockState, LifecycleState } from './model';
import type { Notification, NotificationTemplate, Recipient } from './notifications';

/** What a decision did to each clock, for the workflow and the store (start, pause, resume, stop, restart, fire). */
export const ClockOpSchema = z.strictObject({
    op: z.enum(['start', 'pause', 'resume', 'stop', 'restart', 'fire']),
    clock: z.string(),
    due: z.optional(z.string()),
  });
export type ClockOp = z.infer<typeof ClockOpSchema>;

/** Clocks that keep running while the case waits for the customer: hard limits on us (and the bank), not on the customer. */
const NOT_PAUSED_FOR_CUSTOMER: ReadonlySet<ClockId> = new Set(['acknowledgment', 'maxProcessing', 'silenceReminder', 'silenceClose', 'payoutArrival']);
/** Clocks of the front line, superseded when the case climbs a rung. */
export const FRONT_LINE_CLOCKS: ClockId[] = ['firstResponse', 'nextReply', 'infoRequest', 'resolution', 'autoEscalation', 'nextIssue'];
/** Clocks that end when a resolution is given (maxProcessing: "from receipt to resolution"). */
export const WORK_CLOCKS: ClockId[] = [...FRONT_LINE_CLOCKS, 'periodicUpdate', 'seniorResponse', 'disputeUpdate', 'disputeDecision', 'maxProcessing', 'payoutArrival'];

/**
 * Draft of one decision: a copy of the state being changed, and everything the change emits (events, notifications,
 * clock operations). The decision files change the draft; `decide` turns it into the accepted decision.
 */
export class Draft {
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

  /** Sets a clock the decision computed itself (e.g. the next-issue clock, started at an earlier instant). */
  put(id: ClockId, c: ClockState) {
    this.state.clocks = { ...this.state.clocks, [id]: c };
    this.touched.add(id);
  }

  /** Starts (or starts over) a clock, if the policy runs it for this case. */
  start(id: ClockId) {
    const target = clockTarget(this.policy, this.facts, id);
    if (target) this.put(id, startClock(this.policy, id, target, this.now));
  }

  /** Stops clocks now, or at an earlier instant (a logged phone call), never before a clock last started. */
  stop(...ids: ClockId[]) {
    this.stopAt(this.now, ...ids);
  }

  stopAt(when: Date, ...ids: ClockId[]) {
    for (const id of ids) {
      const c = this.state.clocks[id];
      if (!c || c.status === 'stopped') continue;
      const since = c.runningSince ? Date.parse(c.runningSince) : -Infinity;
      this.put(id, stopClock(this.policy, c, new Date(Math.max(when.getTime(), since))));
    }
  }

  /** A clock that fell due: stopped, and when it was a promise, recorded as broken. */
  fire(id: ClockId, broken: boolean) {
    const c = this.state.clocks[id]!;
    const stopped = stopClock(this.policy, c, this.now);
    this.put(id, broken ? { ...stopped, met: false } : stopped);
  }

  pauseForCustomer() {
    for (const [id, c] of Object.entries(this.state.clocks) as [ClockId, ClockState][]) {
      if (c.status === 'running' && !NOT_PAUSED_FOR_CUSTOMER.has(id)) this.put(id, pauseClock(this.policy, c, this.now, 'waiting for the customer'));
    }
  }

  resumeAll() {
    for (const [id, c] of Object.entries(this.state.clocks) as [ClockId, ClockState][]) {
      if (c.status === 'paused') this.put(id, resumeClock(this.policy, c, this.now).state);
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

  event(type: LifecycleEventType, summary: string, visibility: 'customer' | 'internal', opts: { clause?: string | undefined; deadlines?: LifecycleEvent['deadlines']; message?: string } = {}) {
    const seq = this.state.eventSeq + 1;
    this.state.eventSeq = seq;
    const e: LifecycleEvent = {
      caseId: this.state.caseId,
      seq,
      at: this.at,
      actor: eventActor(this.actor),
      type,
      summary,
      deadlines: opts.deadlines ?? this.changedDeadlines(),
      visibility,
    };
    if (opts.clause !== undefined) e.clause = opts.clause;
    if (opts.message !== undefined) e.message = opts.message;
    this.events.push(e);
  }

  notify(to: Recipient, template: NotificationTemplate, vars: Record<string, string> = {}) {
    const n: Notification = { to, template, caseId: this.state.caseId, vars };
    if (to === 'customer' && this.state.language) n.language = this.state.language;
    this.notifications.push(n);
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
