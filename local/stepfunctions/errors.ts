// Errors of the Step Functions API, serialised as AWS JSON 1.0 errors (`__type` + message) so the SDK and
// the CLI raise the same named exceptions they raise against AWS.
export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
