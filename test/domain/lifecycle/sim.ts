import { expect, vi } from 'vitest';
import type { Policy } from '../../../functions/domain/policy';
import {
  customerView,
  decide,
  dueClocks,
  nextTimer,
  type Actor,
  type Decision,
  type LifecycleEvent,
  type LifecycleState,
  type Notification,
  type WorkflowSignal,
} from '../../../functions/domain/lifecycle';

/**
 * A stand-in for the workflow under virtual time, built the way docs/lifecycle.md plans the state machine: one wait
 * per step whose timeout is the earliest running clock. Human actions land at the current fake time; when the armed
 * timer fires, every clock due at that instant is applied as a `timeout` action. The timer is re-armed ONLY when a
 * decision carries a workflow signal, so the scenarios also prove the signals are right (a missed signal would leave a
 * stale timer and the invariant check in `record` fails).
 */
export class CaseSim {
  readonly timeline: LifecycleEvent[] = [];
  readonly notifications: (Notification & { at: string })[] = [];
  readonly signals: WorkflowSignal[] = [];
  /**
   * State transitions the machine (docs/lifecycle.md section 7.6) is billed for: entering Acknowledge (1); the
   * Acknowledge task: straight into the first-response wait (1); a human callback that changes the step or the
   * next timer: Route by step + the next wait or final state (2); a fired timer: Apply due clocks + Route by step +
   * the next wait (3), however many clocks fell due at that instant.
   */
  transitions = 1;
  private armed: { clock: string; due: string } | undefined;
  private handle: ReturnType<typeof setTimeout> | undefined;

  /** The most recent simulator, so a test's afterEach can report its transition count. */
  static last: CaseSim | undefined;

  constructor(
    readonly policy: Policy,
    public state: LifecycleState,
  ) {
    CaseSim.last = this;
    this.arm(nextTimer(state));
  }

  /** A human (or the Acknowledge task) acts now; returns the decision (refusals change nothing). */
  act(action: unknown, actor: Actor): Decision {
    const d = decide(this.state, action, actor, new Date(Date.now()), this.policy);
    if (d.ok) this.record(d);
    return d;
  }

  /** Like `act`, but the action must be accepted. */
  must(action: unknown, actor: Actor): LifecycleState {
    const d = this.act(action, actor);
    if (!d.ok) expect.fail(`${JSON.stringify(action)} by ${actor.role} at ${new Date(Date.now()).toISOString()} refused ${d.status}: ${d.problem.detail}`);
    return this.state;
  }

  /** Moves virtual time forward; timers that fall due on the way fire in order. */
  advance(ms: number) {
    vi.advanceTimersByTime(ms);
  }

  advanceTo(iso: string) {
    const ms = Date.parse(iso) - Date.now();
    if (ms < 0) throw new Error(`cannot go back in time to ${iso}`);
    vi.advanceTimersByTime(ms);
  }

  customerTimeline() {
    return customerView(this.timeline);
  }

  sent(template: string, to?: string) {
    return this.notifications.filter((n) => n.template === template && (to === undefined || n.to === to));
  }

  private record(d: Extract<Decision, { ok: true }>) {
    expect(d.events.map((e) => e.seq)).toEqual(d.events.map((_, i) => this.state.eventSeq + 1 + i));
    this.state = d.state;
    this.timeline.push(...d.events);
    const at = this.state.updatedAt;
    this.notifications.push(...d.notifications.map((n) => ({ ...n, at })));
    if (d.signal) {
      this.signals.push(d.signal);
      if (d.signal.via === 'task') this.transitions += 1;
      else if (d.signal.via === 'callback') this.transitions += 2;
      this.arm(d.signal.timer);
    }
    // Invariant: the armed timeout is always the earliest running clock.
    expect(this.armed).toEqual(nextTimer(this.state));
  }

  private arm(timer: { clock: string; due: string } | undefined) {
    if (this.handle) clearTimeout(this.handle);
    this.armed = timer;
    this.handle = undefined;
    if (!timer) return;
    this.handle = setTimeout(() => this.fire(), Math.max(0, Date.parse(timer.due) - Date.now()));
  }

  private fire() {
    this.handle = undefined;
    const now = new Date(Date.now());
    const due = dueClocks(this.state, now);
    expect(due.length).toBeGreaterThan(0);
    this.transitions += 3;
    for (const clock of due) {
      // An earlier timeout in this batch may have stopped this clock (e.g. an escalation): then it is refused, not applied.
      const d = decide(this.state, { type: 'timeout', clock }, { role: 'system' }, now, this.policy);
      if (d.ok) this.record(d);
      else expect([409, 410]).toContain(d.status);
    }
  }
}
