/**
 * The complaint workflow's state names, the contract the console, the local runtime and the
 * workflow tests read. Renaming one changes what operators see and what tests look up, so
 * every name lives here once.
 */
export const StateNames = {
  acknowledge: 'Acknowledge',
  acknowledgeFailed: 'Acknowledge failed',
  awaitFirstResponse: 'Await first response',
  firstResponseGiven: 'First response given',
  firstResponseWaitFailed: 'First response wait failed',
  firstResponseBreached: 'First response breached',
  breachRecorded: 'Breach recorded',
  breachRecordingFailed: 'Breach recording failed',
} as const;

export type StateName = (typeof StateNames)[keyof typeof StateNames];

/**
 * Error names of the Fail states: an alarm or an operator can tell which step left the case
 * needing manual attention. The execution name is the ticket id, so the case is identified.
 */
export const FailureErrors = {
  acknowledge: 'Redress.AcknowledgeFailed',
  firstResponseWait: 'Redress.FirstResponseWaitFailed',
  breachRecording: 'Redress.BreachRecordingFailed',
} as const;
