import { describe, expect, it } from 'vitest';
import { decide } from '../../../functions/domain/lifecycle';
import type { Policy } from '../../../functions/domain/policy';
import { actors, at, caseIn, ok, plus, promptearn, h } from './helpers';

/**
 * After a resolution the customer may accept or dispute it until the policy's follow-up closes the case (promptearn:
 * the survey after 24 h, then 7 days). Staff may not end that window by closing the case; a supervisor may.
 */

const policy = promptearn();
const T0 = at('2026-11-23T09:00:00Z');
const NOW = at('2026-11-23T09:10:00Z');
const close = { type: 'close', reason: 'Nothing more to do.' };

describe('close by staff respects the customer window on a resolution', () => {
  it('refuses the assignee while the survey is pending, and says until when the customer may answer', () => {
    // Prepare
    const resolved = caseIn(policy, 'resolved', T0);

    // Act
    const d = decide(resolved, close, actors.agent, NOW, policy);

    // Assess
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.status).toBe(409);
    expect(d.problem.detail).toMatch(/accept or dispute the resolution/);
  });

  it('still refuses after the survey, naming the instant the case closes by itself', () => {
    // Prepare: the survey went out (followUp fired), the 7-day close window runs.
    const resolved = caseIn(policy, 'resolved', T0);
    const surveyed = ok(policy, resolved, { type: 'timeout', clock: 'followUp' }, actors.system, plus(T0, h(25))).state;
    const due = surveyed.clocks.followUpClose?.due;
    expect(surveyed.status).toBe('resolved');
    expect(due).toBeDefined();

    // Act
    const d = decide(surveyed, close, actors.agent, plus(T0, h(26)), policy);

    // Assess
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.problem.detail).toContain(due!);
  });

  it('lets a supervisor close within the window', () => {
    const d = ok(policy, caseIn(policy, 'resolved', T0), close, actors.supervisor, NOW);
    expect(d.state.status).toBe('closed');
  });

  it('lets the customer end the window by accepting, and the window end close the case by itself', () => {
    // Prepare
    const resolved = caseIn(policy, 'resolved', T0);
    const surveyed = ok(policy, resolved, { type: 'timeout', clock: 'followUp' }, actors.system, plus(T0, h(25))).state;

    // Act
    const accepted = ok(policy, resolved, { type: 'acceptResolution' }, actors.customer, NOW).state;
    const elapsed = ok(policy, surveyed, { type: 'timeout', clock: 'followUpClose' }, actors.system, new Date(surveyed.clocks.followUpClose!.due!)).state;

    // Assess
    expect(accepted.status).toBe('closed');
    expect(elapsed.status).toBe('closed');
  });

  it('lets the assignee close a resolved case at once under a policy that gives the customer no window', () => {
    // Prepare: promptearn without its follow-up clocks.
    const noWindow = structuredClone(policy) as Policy & { sla: { defaults: Record<string, unknown> } };
    delete noWindow.sla.defaults.followUp;
    delete noWindow.sla.defaults.followUpClose;
    const resolved = caseIn(noWindow, 'resolved', T0);
    expect(resolved.clocks.followUp).toBeUndefined();
    expect(resolved.clocks.followUpClose).toBeUndefined();

    // Act
    const d = ok(noWindow, resolved, close, actors.agent, NOW);

    // Assess
    expect(d.state.status).toBe('closed');
  });

  it('keeps other staff out as before: an agent who is not the assignee is refused 403', () => {
    const d = decide(caseIn(policy, 'resolved', T0), close, actors.agent2, NOW, policy);
    expect(d.ok ? 200 : d.status).toBe(403);
  });
});
