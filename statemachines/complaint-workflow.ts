import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgePhase } from './phases/acknowledge';
import { attentionPhase } from './phases/attention';
import { timersPhase } from './phases/timers';
import { waitPhase } from './phases/waits';
import { StateNames, WaitStates, type WaitStep } from './state-names';
import { NEXT_PATH } from './tasks';

export { StateNames, FailureErrors, WaitStates } from './state-names';

/** The task handlers the workflow invokes (entries in docs/contracts.md). */
export interface ComplaintWorkflowFunctions {
  readonly acknowledge: IFunction;
  readonly registerTaskToken: IFunction;
  readonly applyDueClocks: IFunction;
  readonly recordFailure: IFunction;
}

/**
 * The complaint workflow (docs/lifecycle.md section 7): Acknowledge, then the case waits for its first response;
 * whatever ends a wait (a human action, or the timeout = the earliest running clock, applied by `Apply due clocks`)
 * goes to `Route by step`, which sends the case to the one callback wait of its current step, until the case is
 * closed or external mediation is recommended. Clocks, pauses and the ladder live in the domain; the machine only
 * follows. Every state entered is a billed transition (docs/lifecycle.md section 7.6), so no state only passes on.
 *
 * Input: `{ "caseId": "<id>" }`; the execution name is the case id. State: `{ caseId, next }`.
 */
export function buildComplaintWorkflow(scope: Construct, fns: ComplaintWorkflowFunctions): sfn.IChainable {
  const attention = attentionPhase(scope, { recordFailure: fns.recordFailure });
  const route = new sfn.Choice(scope, 'RouteByStep', { stateName: StateNames.routeByStep });
  const applyDueClocks = timersPhase(scope, { applyDueClocks: fns.applyDueClocks, onFailure: attention }).next(route);
  const acknowledge = acknowledgePhase(scope, { acknowledge: fns.acknowledge, onFailure: attention });

  const step = `${NEXT_PATH}.step`;
  // An answer without a step (e.g. a callback that only names the case) re-reads the case. Checked first: a
  // Choice rule on a missing path is a runtime error, not a non-match. Written as Not(IsPresent) because
  // aws-local-stepfunctions 3 never matches `IsPresent: false`.
  route.when(sfn.Condition.not(sfn.Condition.isPresent(step)), applyDueClocks);
  route.when(sfn.Condition.stringEquals(step, 'acknowledge'), acknowledge);
  const waits = {} as Record<WaitStep, sfn.TaskStateBase>;
  for (const s of Object.keys(WaitStates) as WaitStep[]) {
    waits[s] = waitPhase(scope, s, { registerTaskToken: fns.registerTaskToken, applyDueClocks, onFailure: attention });
    route.when(sfn.Condition.stringEquals(step, s), waits[s].next(route));
  }
  // The final status is chosen here too, not in a Choice of its own: one transition less per complaint.
  const done = sfn.Condition.stringEquals(step, 'done');
  route.when(
    sfn.Condition.and(done, sfn.Condition.stringEquals(`${NEXT_PATH}.status`, 'mediation_recommended')),
    new sfn.Succeed(scope, 'MediationRecommended', { stateName: StateNames.mediationRecommended }),
  );
  route.when(done, new sfn.Succeed(scope, 'CaseClosed', { stateName: StateNames.caseClosed }));
  // An unknown step (never produced by the domain) re-reads the case too rather than failing it.
  route.otherwise(applyDueClocks);

  // A new case always waits for its first response after the acknowledgment (stepOf: acknowledged, not yet
  // responded), so Acknowledge goes there without a Route: one transition less per complaint. If a human was faster
  // than Acknowledge (or a retried Acknowledge finds the case further on), the wait's registration refuses with
  // StepMovedOn and its Catch re-reads and routes the case through Apply due clocks, as for any late registration.
  return acknowledge.next(waits.firstResponse);
}
