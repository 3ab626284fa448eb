import { describe, expect, it } from 'vitest';
import { WAIT_TIMEOUT_PATH } from '../../statemachines/phases/waits';
import { FailureErrors, HandlerErrors, StateNames, WaitStates } from '../../statemachines/state-names';
import type { AslState } from '../../infra/synth';
import { synthesizeWorkflow } from './workflow-template';

const { asl } = synthesizeWorkflow();
const states = Object.entries(asl.States);
const tasks = states.filter(([, state]) => state.Type === 'Task');
const TWENTY_FOUR_DAYS = 24 * 24 * 3600;

function state(name: string): AslState {
  const found = asl.States[name];
  if (!found) throw new Error(`no state named "${name}"; states: ${Object.keys(asl.States).join(', ')}`);
  return found;
}
type Choice = AslState & { Choices: { Variable?: string; StringEquals?: string; Not?: unknown; And?: unknown; Next: string }[]; Default?: string };

describe('complaint workflow (docs/lifecycle.md section 7)', () => {
  it('starts with Acknowledge, which answers $.next and goes straight to Await first response', () => {
    expect(asl.StartAt).toBe(StateNames.acknowledge);
    const ack = state(StateNames.acknowledge);
    expect(ack.Parameters).toEqual({ FunctionName: 'AcknowledgeFunction', Payload: { 'caseId.$': '$.caseId' } });
    expect(ack.ResultPath).toBe('$.next');
    expect(ack.ResultSelector).toEqual({ 'step.$': '$.Payload.step', 'status.$': '$.Payload.status', 'waitSeconds.$': '$.Payload.waitSeconds' });
    // A new case always waits for its first response next; a case found elsewhere is re-routed by the wait's Catch.
    expect(ack.Next).toBe(StateNames.awaitFirstResponse);
  });

  it('Route by step sends each lifecycle step to its wait, done to its final status, anything else to Apply due clocks', () => {
    const route = state(StateNames.routeByStep) as Choice;
    // A missing step is checked first: a Choice rule on a missing path would fail the execution.
    expect(route.Choices[0]).toEqual({ Not: { Variable: '$.next.step', IsPresent: true }, Next: StateNames.applyDueClocks });
    const mediation = route.Choices.find((c) => c.And !== undefined);
    const bySteps = route.Choices.slice(1).filter((c) => c !== mediation);
    const byStep = Object.fromEntries(bySteps.map((c) => [c.StringEquals, c.Next]));
    expect(byStep).toEqual({ acknowledge: StateNames.acknowledge, ...WaitStates, done: StateNames.caseClosed });
    for (const c of bySteps) expect(c.Variable).toBe('$.next.step');
    // The final status in the same Choice (no Choice of its own to pay for), before the plain `done` rule.
    expect(mediation).toEqual({
      And: [
        { Variable: '$.next.step', StringEquals: 'done' },
        { Variable: '$.next.status', StringEquals: 'mediation_recommended' },
      ],
      Next: StateNames.mediationRecommended,
    });
    expect(route.Choices.indexOf(mediation!)).toBeLessThan(route.Choices.findIndex((c) => c.StringEquals === 'done'));
    expect(route.Default).toBe(StateNames.applyDueClocks);
    expect(state(StateNames.caseClosed).Type).toBe('Succeed');
    expect(state(StateNames.mediationRecommended).Type).toBe('Succeed');
  });

  it('each wait is a callback on register-task-token for its step, timed out by the earliest clock, back to Route by step', () => {
    for (const [step, name] of Object.entries(WaitStates)) {
      const wait = state(name);
      expect(wait.Resource, name).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(wait.Parameters, name).toEqual({
        FunctionName: 'RegisterTaskTokenFunction',
        Payload: { 'caseId.$': '$.caseId', 'taskToken.$': '$$.Task.Token', step, 'enteredAt.$': '$$.State.EnteredTime', 'attempt.$': '$$.State.RetryCount' },
      });
      expect(wait.TimeoutSecondsPath, name).toBe(WAIT_TIMEOUT_PATH);
      expect(wait.ResultPath, name).toBe('$.next');
      expect(wait.Next, name).toBe(StateNames.routeByStep);
      const [timeout, all] = wait.Catch ?? [];
      expect(timeout?.ErrorEquals, name).toEqual(['States.Timeout', HandlerErrors.stepMovedOn]);
      expect(timeout?.Next, name).toBe(StateNames.applyDueClocks);
      expect(all?.ErrorEquals, name).toEqual(['States.ALL']);
    }
    expect(WAIT_TIMEOUT_PATH).toBe('$.next.waitSeconds');
  });

  it('Apply due clocks re-reads the case by id only and routes again', () => {
    const apply = state(StateNames.applyDueClocks);
    expect(apply.Parameters).toEqual({ FunctionName: 'ApplyDueClocksFunction', Payload: { 'caseId.$': '$.caseId' } });
    expect(apply.Next).toBe(StateNames.routeByStep);
  });

  it('every name in StateNames is a state, and every state is reachable from StartAt', () => {
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(StateNames).sort());
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const s = state(name) as AslState & { Choices?: { Next: string }[]; Default?: string };
      if (s.Next) visit(s.Next);
      for (const c of s.Catch ?? []) visit(c.Next);
      for (const c of s.Choices ?? []) visit(c.Next);
      if (s.Default) visit(s.Default);
    };
    visit(asl.StartAt);
    expect([...seen].sort()).toEqual(Object.keys(asl.States).sort());
  });

  it('every Task retries with exponential backoff and never retries a timeout or a permanent error', () => {
    expect(tasks.length).toBe(3 + Object.keys(WaitStates).length);
    for (const [name, task] of tasks) {
      const retriers = task.Retry ?? [];
      const retrying = retriers.filter((r) => r.MaxAttempts !== 0);
      expect(retrying.some((r) => r.ErrorEquals.includes('States.TaskFailed')), name).toBe(true);
      for (const retrier of retrying) {
        expect(retrier.BackoffRate, name).toBeGreaterThan(1);
        expect(retrier.ErrorEquals, name).not.toContain('States.Timeout');
        expect(retrier.ErrorEquals, name).not.toContain('States.ALL');
      }
      if (name === StateNames.caseNeedsAttention) continue;
      const permanent = retriers.findIndex((r) => r.ErrorEquals.includes(HandlerErrors.stepMovedOn));
      expect(permanent, name).toBeGreaterThanOrEqual(0);
      expect(permanent, name).toBeLessThan(retriers.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed')));
      expect(retriers[permanent]!.MaxAttempts, name).toBe(0);
    }
  });

  it('every Task catches everything, last: into Case needs attention (flag the case), which ends in a named Fail', () => {
    for (const [name, task] of tasks) {
      const last = (task.Catch ?? []).at(-1);
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      if (name === StateNames.caseNeedsAttention) expect(state(last!.Next).Type).toBe('Fail');
      else expect(last!.Next, name).toBe(StateNames.caseNeedsAttention);
    }
    const flag = state(StateNames.caseNeedsAttention);
    expect(flag.Parameters).toEqual({ FunctionName: 'RecordFailureFunction', Payload: { 'caseId.$': '$.caseId', 'error.$': '$.failure.Error' } });
    expect(state(flag.Next!).Error).toBe(FailureErrors.lifecycle);
    expect(state(StateNames.flaggingFailed).Error).toBe(FailureErrors.flagging);
  });

  it('every task has a timeout, and no static duration exceeds 24 days', () => {
    for (const [name, task] of tasks) expect(task.TimeoutSeconds ?? task.TimeoutSecondsPath, name).toBeDefined();
    for (const [name, s] of states) {
      for (const key of ['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds'] as const) {
        const value = s[key];
        if (typeof value === 'number') expect(value, `${name}.${key}`).toBeLessThanOrEqual(TWENTY_FOUR_DAYS);
      }
    }
  });
});
