import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgePhase } from './phases/acknowledge';
import { firstResponsePhase } from './phases/first-response';

export { StateNames, FailureErrors } from './state-names';

/** The task handlers the workflow invokes (entries in docs/contracts.md). */
export interface ComplaintWorkflowFunctions {
  readonly acknowledge: IFunction;
  readonly registerTaskToken: IFunction;
  readonly recordBreach: IFunction;
}

/**
 * The complaint workflow, first form: Acknowledge, then wait for the first response with the
 * policy's deadline as the timeout; a missed deadline records a breach.
 *
 * Input: `{ "ticketId": "<id>" }`; the execution name is the ticket id.
 * Each phase is its own small builder (statemachines/phases/), chained here in order, so the
 * "Complaint lifecycle" work adds phases (resolution, escalation, dispute review, follow-up)
 * by inserting builders rather than editing a monolith.
 */
export function buildComplaintWorkflow(scope: Construct, fns: ComplaintWorkflowFunctions): sfn.IChainable {
  const acknowledge = acknowledgePhase(scope, { acknowledge: fns.acknowledge });
  const firstResponse = firstResponsePhase(scope, {
    registerTaskToken: fns.registerTaskToken,
    recordBreach: fns.recordBreach,
  });
  return acknowledge.next(firstResponse);
}
