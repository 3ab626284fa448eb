import { expect } from 'vitest';
import { decide, startLifecycle, type Actor, type LifecycleEvent, type LifecycleState } from '../../../functions/domain/lifecycle';
import { kpiFactsOf, type KpiFact } from '../../../functions/domain/kpi';
import { loadPolicy, type Channel, type Policy } from '../../../functions/domain/policy';

/**
 * Five cases on the ITC policy (Asia/Ho_Chi_Minh, UTC+7 all year; open Mon–Fri 08:00–12:00 + 13:30–16:30, VN public
 * holidays, none in these weeks), driven through the real lifecycle (`decide`) at known local times, with the
 * workflow's timeouts applied by hand when they fall due. Every accepted decision yields a fact, as the change stream
 * would, so the facts include each case's older snapshots. Mon 23 Nov 2026 is a Monday.
 *
 * ITC's targets for these cases: acknowledgment 2 business hours; first response 1 business day (the close of the
 * first whole open day starting at or after receipt); resolution and maximum processing 7 calendar days; automatic
 * escalation after 5 calendar days to the Customer Room, whose answer is due within 1 business day.
 *
 * A  Fri 27 Nov 16:00 (weekend): reply Mon 30 09:30, resolved Mon 10:30, accepted 11:00, rated 5.
 * B  Tue 01 Dec 11:00 (lunch gap): replies 14:00 and 15:00, resolved 15:30, accepted 16:00, rated 3.
 * C  Wed 02 Dec 09:00 (pause): information requested 10:00, provided Thu 03 14:00, resolved Fri 04 10:00, accepted 11:00.
 * D  Thu 26 Nov 10:00 (breaches): first response times out Fri 27 16:30, escalated automatically Tue 01 10:00, the
 *    Customer Room replies Wed 02 09:00, maximum processing times out Thu 03 10:00, resolved Fri 04 10:00, accepted
 *    11:00, rated 4.
 * E  Thu 03 Dec 15:00 (backlog): acknowledged, first response times out Fri 04 16:30, still open.
 */

/** A local time in Ho Chi Minh City (UTC+7). */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
export const HOUR = 3_600_000;
export const MIN = 60_000;

export const ids = {
  A: '0a000000-0000-4000-8000-00000000000a',
  B: '0b000000-0000-4000-8000-00000000000b',
  C: '0c000000-0000-4000-8000-00000000000c',
  D: '0d000000-0000-4000-8000-00000000000d',
  E: '0e000000-0000-4000-8000-00000000000e',
} as const;
export type CaseName = keyof typeof ids;

const system: Actor = { role: 'system' };
const agent1: Actor = { role: 'agent', staffId: 'agent-1' };
const agent2: Actor = { role: 'agent', staffId: 'agent-2' };
const room: Actor = { role: 'senior', staffId: 'room-1' };

export class CaseRun {
  state: LifecycleState;
  readonly timeline: LifecycleEvent[];
  readonly facts: KpiFact[] = [];
  /** The state after each accepted decision (the intake's first), as the case item held it. */
  readonly states: LifecycleState[] = [];

  constructor(
    readonly policy: Policy,
    caseId: string,
    receivedAt: Date,
    opts: { category?: string; channel?: Channel } = {},
  ) {
    const category = opts.category ?? 'product_guidance';
    const priority = policy.categories.find((c) => c.slug === category)!.defaultPriority;
    this.state = startLifecycle(policy, { caseId, category, priority, channel: opts.channel ?? 'web', receivedAt, eventSeq: 1 });
    this.timeline = [{ caseId: caseId, seq: 1, at: receivedAt.toISOString(), actor: { kind: 'system', role: 'system' }, type: 'received', summary: 'Received.', deadlines: [], visibility: 'customer' }];
    this.states.push(this.state);
    this.facts.push(kpiFactsOf(this.state, this.timeline, policy));
  }

  /** Applies an action that must be accepted, at a local time or an instant. */
  act(when: string | Date, action: unknown, actor: Actor): this {
    const d = decide(this.state, action, actor, typeof when === 'string' ? vn(when) : when, this.policy);
    if (!d.ok) expect.fail(`${JSON.stringify(action)} at ${String(when)} refused ${d.status}: ${d.problem.detail}`);
    this.state = d.state;
    this.timeline.push(...d.events);
    this.states.push(this.state);
    this.facts.push(kpiFactsOf(this.state, this.timeline, this.policy));
    return this;
  }

  get latest(): KpiFact {
    return this.facts.at(-1)!;
  }
}

export function handComputedCases(): Record<CaseName, CaseRun> {
  const policy = loadPolicy('itc');
  const A = new CaseRun(policy, ids.A, vn('2026-11-27 16:00'))
    .act('2026-11-27 16:05', { type: 'acknowledge' }, system)
    .act('2026-11-30 08:30', { type: 'claim' }, agent1)
    .act('2026-11-30 09:30', { type: 'reply', message: 'Here is how to do it.' }, agent1)
    .act('2026-11-30 10:30', { type: 'resolve', summary: 'Explained the setting.' }, agent1)
    .act('2026-11-30 11:00', { type: 'acceptResolution' }, { role: 'customer', caseId: ids.A })
    .act('2026-11-30 11:05', { type: 'rate', score: 5 }, { role: 'customer', caseId: ids.A });

  const B = new CaseRun(policy, ids.B, vn('2026-12-01 11:00'), { category: 'mail_setup' })
    .act('2026-12-01 11:10', { type: 'acknowledge' }, system)
    .act('2026-12-01 14:00', { type: 'reply', message: 'Looking into it.' }, agent2)
    .act('2026-12-01 15:00', { type: 'reply', message: 'Found it.' }, agent2)
    .act('2026-12-01 15:30', { type: 'resolve', summary: 'Mailbox quota raised.' }, agent2)
    .act('2026-12-01 16:00', { type: 'acceptResolution' }, { role: 'customer', caseId: ids.B })
    .act('2026-12-01 16:05', { type: 'rate', score: 3 }, { role: 'customer', caseId: ids.B });

  const C = new CaseRun(policy, ids.C, vn('2026-12-02 09:00'), { channel: 'api' })
    .act('2026-12-02 09:05', { type: 'acknowledge' }, system)
    .act('2026-12-02 10:00', { type: 'requestInfo', questions: 'Which account?' }, agent1)
    .act('2026-12-03 14:00', { type: 'reply', message: 'Account 42.' }, { role: 'customer', caseId: ids.C })
    .act('2026-12-04 10:00', { type: 'resolve', summary: 'Account 42 unlocked.' }, agent1)
    .act('2026-12-04 11:00', { type: 'acceptResolution' }, { role: 'customer', caseId: ids.C });

  const D = new CaseRun(policy, ids.D, vn('2026-11-26 10:00'))
    .act('2026-11-26 10:05', { type: 'acknowledge' }, system)
    .act('2026-11-27 16:30', { type: 'timeout', clock: 'firstResponse' }, system)
    .act('2026-12-01 10:00', { type: 'timeout', clock: 'autoEscalation' }, system)
    .act('2026-12-02 09:00', { type: 'reply', message: 'The Customer Room has your case.' }, room)
    .act('2026-12-03 10:00', { type: 'timeout', clock: 'maxProcessing' }, system)
    .act('2026-12-04 10:00', { type: 'resolve', summary: 'Refunded the setup fee.' }, room)
    .act('2026-12-04 11:00', { type: 'acceptResolution' }, { role: 'customer', caseId: ids.D })
    .act('2026-12-04 11:30', { type: 'rate', score: 4 }, { role: 'customer', caseId: ids.D });

  const E = new CaseRun(policy, ids.E, vn('2026-12-03 15:00'), { channel: 'email' })
    .act('2026-12-03 15:05', { type: 'acknowledge' }, system)
    .act('2026-12-04 16:30', { type: 'timeout', clock: 'firstResponse' }, system);

  return { A, B, C, D, E };
}

/** Every fact the five cases produced, in the order the stream would have carried them. */
export const allFacts = (cases: Record<CaseName, CaseRun>): KpiFact[] => Object.values(cases).flatMap((c) => c.facts);
