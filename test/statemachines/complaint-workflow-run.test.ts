import '../../local/polyfills';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FailureErrors } from '../../statemachines/state-names';
import { synthesizeWorkflow } from './workflow-template';

/**
 * Runs the synthesized ASL on aws-local-stepfunctions with each Task replaced by a local
 * function (what the Lambda would return), under fake timers: retries' backoff and the
 * callback's timeout elapse in virtual time.
 */
const { asl } = synthesizeWorkflow();

/**
 * aws-local-stepfunctions 3 evaluates TimeoutSecondsPath against the Parameters output, where
 * AWS uses the state input. Carry the value into the payload under a test-only key and point
 * the path there; `run` strips the key before a handler sees the payload.
 */
const TIMEOUT_KEY = 'engineTimeoutSeconds';
for (const state of Object.values(asl.States)) {
  if (state.TimeoutSecondsPath && state.Parameters) {
    const payload = state.Parameters.Payload as Record<string, unknown>;
    state.Parameters.Payload = { ...payload, [`${TIMEOUT_KEY}.$`]: state.TimeoutSecondsPath };
    state.TimeoutSecondsPath = `$.Payload.${TIMEOUT_KEY}`;
  }
}
const machine = new StateMachine(asl as unknown as StateMachineDefinition, {
  validationOptions: { checkArn: false },
});

type Payload = Record<string, unknown>;
type Handler = (input: { FunctionName: string; Payload: Payload }) => Promise<unknown>;

const FIRST_RESPONSE_SECONDS = 2 * 3600;
const acknowledged = async () => ({ Payload: { waits: { firstResponseSeconds: FIRST_RESPONSE_SECONDS } } });

function run(handlers: Record<string, Handler>, token = 'token-1') {
  const calls: { state: string; payload: Payload }[] = [];
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      (input: unknown) => {
        const { [TIMEOUT_KEY]: _timeout, ...payload } = (input as { Payload: Payload }).Payload;
        const request = { ...(input as { FunctionName: string }), Payload: payload };
        calls.push({ state, payload });
        return handler(request) as Promise<never>;
      },
    ]),
  );
  const execution = machine.run(
    { ticketId: 'T-1' },
    { overrides: { taskResourceLocalHandlers }, context: { Task: { Token: token } } as never },
  );
  // Keep a rejection observed while virtual time advances; the test awaits it afterwards.
  execution.result.catch(() => undefined);
  return { calls, result: execution.result };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('complaint workflow run (ASL from the template, local engine, virtual time)', () => {
  it('acknowledges, registers the task token, and ends when staff answer before the deadline', async () => {
    let answer!: (value: unknown) => void;
    const { calls, result } = run({
      Acknowledge: acknowledged,
      'Await first response': () => new Promise((resolve) => (answer = resolve)),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.map((c) => c.state)).toEqual(['Acknowledge', 'Await first response']);
    expect(calls[1]!.payload).toEqual({ ticketId: 'T-1', taskToken: 'token-1', step: 'firstResponse' });
    answer({ repliedBy: 'agent-7' });
    await expect(result).resolves.toMatchObject({
      ticketId: 'T-1',
      plan: { waits: { firstResponseSeconds: FIRST_RESPONSE_SECONDS } },
      firstResponse: { repliedBy: 'agent-7' },
    });
  });

  it('records a first-response breach when the planned deadline passes without an answer', async () => {
    const breaches: Payload[] = [];
    const { result } = run({
      Acknowledge: acknowledged,
      'Await first response': () => new Promise(() => undefined),
      'First response breached': async ({ Payload }) => {
        breaches.push(Payload);
        return { Payload: { recorded: true } };
      },
    });
    await vi.advanceTimersByTimeAsync((FIRST_RESPONSE_SECONDS - 1) * 1000);
    expect(breaches).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toMatchObject({ ticketId: 'T-1', breach: { Error: 'States.Timeout' } });
    expect(breaches).toEqual([{ ticketId: 'T-1', clock: 'firstResponse' }]);
  });

  it('retries a task that fails twice, then carries on', async () => {
    let attempts = 0;
    const { result } = run({
      Acknowledge: async () => {
        attempts += 1;
        if (attempts <= 2) throw new Error('SES throttled');
        return acknowledged();
      },
      'Await first response': async () => ({ answered: true }),
    });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await expect(result).resolves.toMatchObject({ firstResponse: { answered: true } });
    expect(attempts).toBe(3);
  });

  it('flags the case when a task keeps failing: the execution fails with a named error, never silently', async () => {
    let attempts = 0;
    const { result } = run({
      Acknowledge: async () => {
        attempts += 1;
        throw new Error('table unavailable');
      },
    });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExecutionError);
    const failure = (error as Error).cause as Error;
    expect(failure.name).toBe(FailureErrors.acknowledge);
    expect(failure.message).toMatch(/needs manual attention/);
    // The first try plus the three retries of States.TaskFailed.
    expect(attempts).toBe(4);
  });

  it('does not retry a permanent error: a conflicting callback registration fails the wait at once', async () => {
    let attempts = 0;
    const { result } = run({
      Acknowledge: acknowledged,
      'Await first response': async () => {
        attempts += 1;
        throw Object.assign(new Error('a newer task token waits on firstResponse'), { name: 'TaskTokenConflictError' });
      },
    });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(((error as Error).cause as Error).name).toBe(FailureErrors.firstResponseWait);
    expect(attempts).toBe(1);
  });
});
