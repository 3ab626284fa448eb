/**
 * Whether an error is a service we call (DynamoDB, Step Functions, SES, …) not answering for a while, rather than a
 * fault of ours or of the request: a timeout, a dropped or refused connection, throttling, a 5xx, or a DynamoDB
 * transaction cancelled because another transaction held an item. The SDK's client has already retried each of
 * these (its standard retry strategy: 3 attempts with backoff), so the edge answers 503 with Retry-After
 * (functions/api/http/problem-error-handler.ts) and adds no retry of its own.
 *
 * The lists follow the SDK's own classification (`@smithy/core`'s retry module, not a dependency of ours to import).
 * Errors are matched by name and shape, not by class, so the HTTP wrapper every function uses bundles no SDK client.
 * A transaction cancelled by a failed condition is not one of these: a guarded commit turns that into
 * `ConcurrentChangeError` (functions/adapters/dynamodb-case-store.ts), and the commit loop decides again.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as SdkErrorShape;
  if (e.name === 'AbortError') return false;
  if (e.name === 'TransactionCanceledException') return busyOnly(e.CancellationReasons);
  return (
    UNAVAILABLE_NAMES.has(e.name ?? '') ||
    NETWORK_CODES.has(e.code ?? '') ||
    e.$retryable !== undefined ||
    (e.$metadata?.httpStatusCode !== undefined && (e.$metadata.httpStatusCode === 429 || e.$metadata.httpStatusCode >= 500)) ||
    isDependencyUnavailable(e.cause, depth + 1)
  );
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  cause?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

const UNAVAILABLE_NAMES = new Set([
  // timeouts (the SDK's HTTP handler names its request and socket timeouts `TimeoutError`)
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // throttling
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionInProgressException',
  // a single-item write that met a transaction on its item: nothing written, try again
  'TransactionConflictException',
  // the service's own failures
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Cancellation reasons that say "busy, try again"; `None` is an item that did not cause the cancellation. */
const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/** A transaction cancelled only because items were busy (no condition failed, nothing invalid): nothing was written. */
const busyOnly = (reasons: SdkErrorShape['CancellationReasons']) =>
  Boolean(reasons?.some((r) => BUSY_REASONS.has(r.Code ?? ''))) && Boolean(reasons?.every((r) => r.Code === undefined || r.Code === 'None' || BUSY_REASONS.has(r.Code)));
