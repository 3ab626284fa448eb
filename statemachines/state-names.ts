/**
 * The complaint workflow's state names, the contract the console, the local runtime, the workflow tests and the
 * benchmarks read. Renaming one changes what operators see and what tests look up, so every name lives here once.
 * Each non-final step of a case is one callback wait (docs/lifecycle.md section 7).
 */
export const StateNames = {
  acknowledge: 'Acknowledge',
  routeByStep: 'Route by step',
  awaitFirstResponse: 'Await first response',
  awaitResolution: 'Await resolution',
  awaitCustomerInformation: 'Await customer information',
  awaitCustomerVerdict: 'Await customer verdict',
  seniorReview: 'Senior review',
  disputeReview: 'Dispute Resolution Team review',
  applyDueClocks: 'Apply due clocks',
  caseClosed: 'Case closed',
  mediationRecommended: 'External mediation recommended',
  caseNeedsAttention: 'Case needs attention',
  caseFlagged: 'Case flagged',
  flaggingFailed: 'Flagging the case failed',
} as const;

export type StateName = (typeof StateNames)[keyof typeof StateNames];

/** The lifecycle's workflow steps (functions/domain/lifecycle/signals.ts) and the wait state of each. */
export const WaitStates = {
  firstResponse: StateNames.awaitFirstResponse,
  resolution: StateNames.awaitResolution,
  customerInfo: StateNames.awaitCustomerInformation,
  customerVerdict: StateNames.awaitCustomerVerdict,
  seniorReview: StateNames.seniorReview,
  disputeReview: StateNames.disputeReview,
} as const;
export type WaitStep = keyof typeof WaitStates;

/**
 * Error names of the Fail states: an alarm or an operator can tell that a case left the machine needing manual
 * attention. The execution name is the case id, so the case is identified; the case itself is flagged first.
 */
export const FailureErrors = {
  lifecycle: 'Redress.LifecycleFailed',
  flagging: 'Redress.FlaggingFailed',
} as const;

/** Handler errors the machine routes by name (the Lambda error type = the error's `name`). */
export const HandlerErrors = {
  caseNotFound: 'CaseNotFoundError',
  taskTokenConflict: 'TaskTokenConflictError',
  /** register-task-token found the case already in another step (a human was faster than the wait). */
  stepMovedOn: 'StepMovedOnError',
} as const;

/** The longest a wait may last before re-routing: 20 days (local timers overflow past ~24.8 days). */
export const MAX_WAIT_SECONDS = 1_728_000;
