import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy';
import { actors, at, newCase, ok, plus } from './helpers';

/** The two clock families no other scenario drives: missing details at intake, and the follow-up after a resolution. */

const promptearn = loadPolicy('promptearn');
const T0 = at('2026-11-23T09:00:00Z');
const h = (n: number) => n * 3_600_000;

describe('clocks at the edges of a case', () => {
  it('missing details start the infoRequest clock; asking the customer keeps it, silence past it is a breach', () => {
    const s = newCase(promptearn, T0, { detailsMissing: true });
    expect(s.clocks.infoRequest).toMatchObject({ status: 'running', clause: promptearn.sla.defaults.infoRequest!.clause });
    const acked = ok(promptearn, s, { type: 'acknowledge' }, actors.system, plus(T0, 60_000)).state;
    const asked = ok(promptearn, acked, { type: 'requestInfo', questions: 'Which course?' }, actors.agent, plus(T0, h(1))).state;
    expect(asked.clocks.infoRequest).toMatchObject({ status: 'stopped', met: true });
    const late = ok(promptearn, acked, { type: 'timeout', clock: 'infoRequest' }, actors.system, new Date(acked.clocks.infoRequest!.due!));
    expect(late.state.breaches.infoRequest).toBeDefined();
  });

  it('a resolution starts the follow-up: the survey is sent when it falls due, then the case closes when the window ends', () => {
    let s = newCase(promptearn, T0);
    s = ok(promptearn, s, { type: 'acknowledge' }, actors.system, plus(T0, 60_000)).state;
    s = ok(promptearn, s, { type: 'resolve', summary: 'Access restored.' }, actors.agent, plus(T0, h(2))).state;
    expect(s.clocks.followUp?.status).toBe('running');
    const survey = ok(promptearn, s, { type: 'timeout', clock: 'followUp' }, actors.system, new Date(s.clocks.followUp!.due!));
    expect(survey.notifications.map((n) => n.template)).toEqual(['satisfaction_survey']);
    expect(survey.state.clocks.followUpClose?.status).toBe('running');
    const closed = ok(promptearn, survey.state, { type: 'timeout', clock: 'followUpClose' }, actors.system, new Date(survey.state.clocks.followUpClose!.due!));
    expect(closed.state).toMatchObject({ status: 'closed', closure: { reason: 'follow_up_elapsed' } });
  });
});
