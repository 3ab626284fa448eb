import { beforeAll, describe, expect, it } from 'vitest';
import { KpiFactSchema, type KpiFact } from '../../../functions/domain/kpi';
import { loadPolicy } from '../../../functions/domain/policy';
import { CaseRun, handComputedCases, HOUR, ids, vn, type CaseName } from './hand-computed-cases';

/**
 * The facts of the hand-computed cases (see hand-computed-cases.ts), each number worked out by hand on ITC's
 * calendar (08:00–12:00 + 13:30–16:30, Mon–Fri, UTC+7).
 */

let cases: Record<CaseName, CaseRun>;
beforeAll(() => {
  cases = handComputedCases();
});
const ms = (local: string) => vn(local).getTime();

describe('first response and resolution time, calendar and business', () => {
  it('A: across a weekend, Fri 16:00 to Mon 09:30 is 65 h 30 of calendar time and 2 business hours (Fri 16:00–16:30, Mon 08:00–09:30)', () => {
    // Prepare / Act: the case ran in beforeAll.
    const f = cases.A.latest;
    // Assess
    expect(f.frt_calendar_ms).toBe(65.5 * HOUR);
    expect(f.frt_business_ms).toBe(2 * HOUR);
    expect(f.resolution_calendar_ms).toBe(66.5 * HOUR);
    expect(f.resolution_business_ms).toBe(3 * HOUR);
    expect(f.frt_calendar).toBe('itc_office');
  });

  it('B: across the lunch gap, 11:00 to 14:00 is 3 h of calendar time and 1 h 30 of business time (11:00–12:00, 13:30–14:00)', () => {
    const f = cases.B.latest;
    expect(f.frt_calendar_ms).toBe(3 * HOUR);
    expect(f.frt_business_ms).toBe(1.5 * HOUR);
    expect(f.resolution_calendar_ms).toBe(4.5 * HOUR);
    expect(f.resolution_business_ms).toBe(3 * HOUR);
  });

  it('C: the 28 h waiting for the customer (9 h 30 of it open time) is left out of the resolution time', () => {
    const f = cases.C.latest;
    expect(f.frt_calendar_ms).toBe(1 * HOUR);
    expect(f.frt_business_ms).toBe(1 * HOUR);
    expect(f.paused_ms).toBe(28 * HOUR);
    // Wed 09:00 → Fri 10:00 is 49 h, less the 28 h pause; open time Wed 6 h + Thu 7 h + Fri 2 h = 15 h, less 9 h 30.
    expect(f.resolution_calendar_ms).toBe(21 * HOUR);
    expect(f.resolution_business_ms).toBe(5.5 * HOUR);
  });

  it('D: a first response six days late and a resolution after eight days, over a weekend', () => {
    const f = cases.D.latest;
    expect(f.frt_calendar_ms).toBe(143 * HOUR);
    // Thu 5 h, Fri 7 h, Mon 7 h, Tue 7 h, Wed 08:00–09:00.
    expect(f.frt_business_ms).toBe(27 * HOUR);
    expect(f.resolution_calendar_ms).toBe(192 * HOUR);
    expect(f.resolution_business_ms).toBe(42 * HOUR);
  });

  it('E: nothing measured while there is no response', () => {
    const f = cases.E.latest;
    expect([f.first_response_ms, f.frt_calendar_ms, f.frt_business_ms, f.resolved_ms, f.resolution_calendar_ms]).toEqual([null, null, null, null, null]);
  });
});

describe('SLA verdicts', () => {
  it('A, B and C keep every promise they owe, each verdict stamped with the delivery', () => {
    expect(cases.A.latest).toMatchObject({ sla_acknowledgment: 'met', sla_acknowledgment_ms: ms('2026-11-27 16:05'), sla_first_response: 'met', sla_first_response_ms: ms('2026-11-30 09:30'), sla_resolution: 'met', sla_max_processing: 'met' });
    expect(cases.B.latest).toMatchObject({ sla_first_response: 'met', sla_resolution: 'met', sla_resolution_ms: ms('2026-12-01 15:30') });
    expect(cases.C.latest).toMatchObject({ sla_first_response: 'met', sla_first_response_ms: ms('2026-12-02 10:00'), sla_resolution: 'met', sla_resolution_ms: ms('2026-12-04 10:00') });
  });

  it('D: first response breached at its due instant (close of Fri 27), resolution breached at 7 days although the escalation stopped its clock early', () => {
    const f = cases.D.latest;
    // The lifecycle stopped the resolution clock when the case climbed, which on its own would read "met".
    expect(cases.D.state.clocks.resolution?.met).toBe(true);
    expect(f).toMatchObject({
      sla_first_response: 'breached',
      sla_first_response_ms: ms('2026-11-27 16:30'),
      sla_resolution: 'breached',
      sla_resolution_ms: ms('2026-12-03 10:00'),
      sla_max_processing: 'breached',
      sla_max_processing_ms: ms('2026-12-03 10:00'),
      sla_senior_response: 'met',
      sla_senior_response_ms: ms('2026-12-02 09:00'),
      breaches: 2,
    });
  });

  it('E: the first response is breached, the resolution still pending; an intermediate fact saw both pending', () => {
    expect(cases.E.latest).toMatchObject({ sla_first_response: 'breached', sla_first_response_ms: ms('2026-12-04 16:30'), sla_resolution: 'pending', sla_resolution_ms: null, sla_max_processing: 'pending' });
    const acknowledged = cases.E.facts.find((f) => f.as_of_event === 'acknowledged')!;
    expect(acknowledged).toMatchObject({ sla_first_response: 'pending', sla_acknowledgment: 'met' });
  });

  it('C: the pause moves the resolution due instant by the pause (a resolution 21 h in is met; the engine agrees)', () => {
    expect(cases.C.state.clocks.resolution?.met).toBe(true);
    expect(cases.C.latest.sla_info_request).toBeNull();
  });
});

describe('first-contact resolution, escalation, CSAT, dimensions', () => {
  const expectations: [CaseName, Partial<KpiFact>][] = [
    ['A', { fcr: true, staff_replies: 1, escalation_level: 0, csat_score: 5, agent: 'agent-1', final: true, closure_reason: 'accepted' }],
    ['B', { fcr: false, staff_replies: 2, csat_score: 3, agent: 'agent-2', category: 'mail_setup' }],
    ['C', { fcr: false, info_requests: 1, csat_score: null, channel: 'api' }],
    ['D', { fcr: false, escalation_level: 1, escalated_ms: ms('2026-12-01 10:00'), csat_score: 4, agent: 'room-1' }],
    ['E', { fcr: null, final: false, agent: null, channel: 'email', department: 'business', status: 'acknowledged' }],
  ];
  it.each(expectations)('%s', (name, expected) => {
    expect(cases[name].latest).toMatchObject(expected);
  });

  it('every fact of every case is a valid KpiFactSchema row with a stable id per event', () => {
    const all = Object.values(cases).flatMap((c) => c.facts);
    for (const f of all) expect(KpiFactSchema.safeParse(f).success).toBe(true);
    expect(new Set(all.map((f) => f.fact_id)).size).toBe(all.length);
    expect(cases.A.facts.map((f) => f.as_of_event)).toEqual(['received', 'acknowledged', 'claimed', 'staff_replied', 'resolved', 'resolution_accepted', 'rated']);
  });

  it('a wait for the customer ends when the customer asks for an escalation instead of answering', () => {
    // Prepare
    const run = new CaseRun(loadPolicy('itc'), ids.B, vn('2026-11-23 09:00'))
      .act('2026-11-23 09:05', { type: 'acknowledge' }, { role: 'system' })
      .act('2026-11-23 10:00', { type: 'requestInfo', questions: 'Which mailbox?' }, { role: 'agent', staffId: 'agent-1' });
    // Act: an hour later the customer escalates; the lifecycle resumes the paused clocks at that instant.
    run.act('2026-11-23 11:00', { type: 'dispute', reason: 'I already told you twice.' }, { role: 'customer', caseId: ids.B });
    run.act('2026-11-24 09:00', { type: 'resolve', summary: 'Mailbox restored.' }, { role: 'senior', staffId: 'room-1' });
    // Assess: one hour paused, not the whole day until the resolution.
    expect(run.latest.paused_ms).toBe(1 * HOUR);
    expect(run.latest.resolution_calendar_ms).toBe(23 * HOUR);
  });

  it('a case never resolved has no FCR verdict, even once final', () => {
    // Prepare: information requested, then the customer stays silent until the policy closes the case.
    const run = new CaseRun(loadPolicy('itc'), ids.A, vn('2026-11-23 09:00'))
      .act('2026-11-23 09:05', { type: 'acknowledge' }, { role: 'system' })
      .act('2026-11-23 10:00', { type: 'requestInfo', questions: 'Which domain?' }, { role: 'agent', staffId: 'agent-1' });
    run.act(new Date(run.state.clocks.silenceReminder!.due!), { type: 'timeout', clock: 'silenceReminder' }, { role: 'system' });
    // Act
    run.act(new Date(run.state.clocks.silenceClose!.due!), { type: 'timeout', clock: 'silenceClose' }, { role: 'system' });
    // Assess: final, never resolved, and the resolution was not owed any more when the case closed.
    expect(run.latest).toMatchObject({ final: true, closure_reason: 'no_reply', fcr: null, resolved_ms: null, sla_first_response: 'met', sla_info_request: null });
    expect(run.latest.paused_ms).toBe(run.latest.closed_ms! - vn('2026-11-23 10:00').getTime());
  });
});
