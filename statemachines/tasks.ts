import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { HandlerErrors } from './state-names';

/** Where a caught error lands in the state, so a failure path can still read `$.caseId`. */
export const FAILURE_PATH = '$.failure';

/**
 * Handler errors (their `name`, which Lambda reports as the error type) that no retry can fix:
 * the case is missing, a newer callback already waits on the step, or the case already moved on to another
 * step. They go straight to their catch route instead of burning the retry budget.
 */
export const PERMANENT_ERRORS: string[] = [HandlerErrors.caseNotFound, HandlerErrors.taskTokenConflict, HandlerErrors.stepMovedOn];

/** A specific error to route somewhere else than the catch-all failure path. */
export interface CatchRoute {
  readonly errors: string[];
  readonly next: sfn.IChainable;
  readonly resultPath?: string;
}

export interface InvokeStepProps {
  /** The state's readable name (see state-names.ts). */
  readonly stateName: string;
  readonly fn: IFunction;
  readonly payload: Record<string, unknown>;
  /** Where the task's result goes; `sfn.JsonPath.DISCARD` keeps the input unchanged. */
  readonly resultPath?: string;
  readonly resultSelector?: Record<string, unknown>;
  /** Task timeout; every task has one (the local engine's default is 60 s). */
  readonly timeout: sfn.Timeout;
  /** Callback tasks wait for SendTaskSuccess/SendTaskFailure with the token in the payload. */
  readonly waitForTaskToken?: boolean;
  /** Routes tried before the catch-all, e.g. States.Timeout of a callback into a breach. */
  readonly catches?: CatchRoute[];
  /** The catch-all: a failed task must land here (flag the case), never vanish. */
  readonly onFailure: sfn.IChainable;
}

/**
 * A Lambda task with the workflow's uniform resilience: Lambda service errors retried by CDK's
 * default retrier, permanent errors not retried, other handler failures retried with capped
 * exponential backoff and jitter, then
 * the specific catches, then a catch-all into `onFailure`.
 *
 * `States.TaskFailed` never matches `States.Timeout`, so a callback's timeout is not retried:
 * it is the business event (a breached clock) and goes to its catch route.
 */
export function invokeStep(scope: Construct, id: string, props: InvokeStepProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    stateName: props.stateName,
    lambdaFunction: props.fn,
    payload: sfn.TaskInput.fromObject(props.payload),
    integrationPattern: props.waitForTaskToken
      ? sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN
      : sfn.IntegrationPattern.REQUEST_RESPONSE,
    resultPath: props.resultPath,
    resultSelector: props.resultSelector,
    taskTimeout: props.timeout,
    retryOnServiceExceptions: true,
  });
  // Retriers are tried in order: the permanent errors first, so States.TaskFailed cannot match them.
  task.addRetry({ errors: PERMANENT_ERRORS, maxAttempts: 0 });
  task.addRetry({
    errors: [sfn.Errors.TASKS_FAILED],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  for (const route of props.catches ?? []) {
    task.addCatch(route.next, { errors: route.errors, resultPath: route.resultPath ?? FAILURE_PATH });
  }
  task.addCatch(props.onFailure, { errors: [sfn.Errors.ALL], resultPath: FAILURE_PATH });
  return task;
}

/** Where every task's answer about the case's next step goes: `{ step, status, waitSeconds }`. */
export const NEXT_PATH = '$.next';

/** Seconds a Lambda task may run (the functions' own timeout is 15 s; the margin covers a cold start). */
export const TASK_TIMEOUT = 30;

/**
 * Keeps only what routing and the next wait need from a task's `$.next` answer (the handlers return the
 * lifecycle's next step, status, and the seconds until its earliest clock, capped).
 */
export const nextSelector = {
  step: sfn.JsonPath.stringAt('$.Payload.step'),
  status: sfn.JsonPath.stringAt('$.Payload.status'),
  waitSeconds: sfn.JsonPath.numberAt('$.Payload.waitSeconds'),
};
