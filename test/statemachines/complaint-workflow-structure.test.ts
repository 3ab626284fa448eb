import { describe, expect, it } from 'vitest';
import { FIRST_RESPONSE_TIMEOUT_PATH } from '../../statemachines/phases/first-response';
import { FailureErrors, StateNames } from '../../statemachines/state-names';
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

describe('complaint workflow, first form (docs/contracts.md "State machine")', () => {
  it('starts with Acknowledge, then awaits the first response', () => {
    expect(asl.StartAt).toBe('Acknowledge');
    expect(state('Acknowledge').Next).toBe('Await first response');
  });

  it('Acknowledge invokes the acknowledge function with the ticket id and puts its waits into $.plan', () => {
    const ack = state('Acknowledge');
    expect(ack.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(ack.Parameters).toEqual({ FunctionName: 'AcknowledgeFunction', Payload: { 'ticketId.$': '$.ticketId' } });
    expect(ack.ResultSelector).toEqual({ 'waits.$': '$.Payload.waits' });
    expect(ack.ResultPath).toBe('$.plan');
  });

  it('Await first response is a callback task on register-task-token, timed out by the planned deadline', () => {
    const wait = state('Await first response');
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.Parameters).toEqual({
      FunctionName: 'RegisterTaskTokenFunction',
      Payload: { 'ticketId.$': '$.ticketId', 'taskToken.$': '$$.Task.Token', step: 'firstResponse' },
    });
    expect(wait.TimeoutSecondsPath).toBe(FIRST_RESPONSE_TIMEOUT_PATH);
    expect(FIRST_RESPONSE_TIMEOUT_PATH).toBe('$.plan.waits.firstResponseSeconds');
  });

  it('a timed-out first response is caught into First response breached, which records the breach', () => {
    const timeoutCatch = state('Await first response').Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));
    expect(timeoutCatch?.Next).toBe('First response breached');
    const breach = state('First response breached');
    expect(breach.Type).toBe('Task');
    expect(breach.Parameters).toEqual({
      FunctionName: 'RecordBreachFunction',
      Payload: { 'ticketId.$': '$.ticketId', clock: 'firstResponse' },
    });
  });

  it('every name in StateNames is a state, and every state is reachable from StartAt', () => {
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(StateNames).sort());
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const s = state(name);
      if (s.Next) visit(s.Next);
      for (const c of s.Catch ?? []) visit(c.Next);
    };
    visit(asl.StartAt);
    expect([...seen].sort()).toEqual(Object.keys(asl.States).sort());
  });

  it('every Task retries with exponential backoff and never retries a timeout', () => {
    expect(tasks.length).toBe(3);
    for (const [name, task] of tasks) {
      expect(task.Retry?.length, name).toBeGreaterThan(0);
      const retrying = (task.Retry ?? []).filter((r) => r.MaxAttempts !== 0);
      expect(retrying.some((r) => r.ErrorEquals.includes('States.TaskFailed')), name).toBe(true);
      for (const retrier of retrying) {
        expect(retrier.BackoffRate, name).toBeGreaterThan(1);
        expect(retrier.MaxAttempts, name).toBeGreaterThan(0);
        expect(retrier.ErrorEquals, name).not.toContain('States.Timeout');
        expect(retrier.ErrorEquals, name).not.toContain('States.ALL');
      }
    }
  });

  it('permanent handler errors are matched before States.TaskFailed and never retried', () => {
    for (const [name, task] of tasks) {
      const retriers = task.Retry ?? [];
      const permanent = retriers.findIndex((r) => r.ErrorEquals.includes('TaskTokenConflictError'));
      const generic = retriers.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed'));
      expect(permanent, name).toBeGreaterThanOrEqual(0);
      expect(permanent, name).toBeLessThan(generic);
      expect(retriers[permanent]!.ErrorEquals, name).toEqual(['TicketNotFoundError', 'TaskTokenConflictError']);
      expect(retriers[permanent]!.MaxAttempts, name).toBe(0);
    }
  });

  it('every Task has a catch-all, last, into a state that flags the case (a Fail with a clear cause)', () => {
    for (const [name, task] of tasks) {
      const catchers = task.Catch ?? [];
      const last = catchers.at(-1);
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      const target = state(last!.Next);
      expect(target.Type, name).toBe('Fail');
      expect(Object.values(FailureErrors), name).toContain(target.Error);
      expect(String(target.Cause), name).toMatch(/manual attention/);
    }
  });

  it('every task has a timeout, and no static duration exceeds 24 days', () => {
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds ?? task.TimeoutSecondsPath, name).toBeDefined();
    }
    for (const [name, s] of states) {
      for (const key of ['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds'] as const) {
        const value = s[key];
        if (typeof value === 'number') expect(value, `${name}.${key}`).toBeLessThanOrEqual(TWENTY_FOUR_DAYS);
      }
    }
  });
});
