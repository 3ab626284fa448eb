import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS } from './metrics';

/**
 * The one Tracer (Powertools for AWS Lambda, AWS X-Ray) of a function. Every AWS SDK client is made through
 * {@link traced}, so each call to DynamoDB, Step Functions, SES, Secrets Manager... is a subsegment of the
 * invocation's trace with its service, operation, duration and error; the handler wrappers open the invocation's own
 * subsegment (functions/adapters/event-handler.ts, functions/api/http/http-handler.ts).
 *
 * On AWS the Tracer and the X-Ray SDK under it come from the Powertools Lambda layer of the same version
 * (infra/constructs/powertools-layer.ts), not from the bundle: they weigh ~125 KiB, close to a whole function's
 * budget (bench/README.md, target 1). Outside Lambda (tests, the local stack) Powertools turns tracing off by itself
 * and `traced` hands the client back as it was.
 */
// Outgoing HTTP (webhook subscribers, the payment provider) is not traced: X-Ray would keep each URL, and a
// subscriber's URL may carry its own secret in the query. Responses and errors stay out of the traces as well
// (POWERTOOLS_TRACER_CAPTURE_RESPONSE / _ERROR, set on every function by infra/constructs/functions.ts): a response
// body or an error message may carry personal data, which is kept out of logs and traces alike.
export const tracer = new Tracer({ serviceName: METRICS.service, captureHTTPsRequests: false });

/** The client, its calls traced as subsegments (the same client when tracing is off). */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/**
 * Runs one invocation inside its own subsegment (`## <handler>`), with the cold-start and service annotations, for
 * the handlers that are not middy chains (functions/adapters/event-handler.ts); middy chains use Powertools'
 * `captureLambdaHandler` instead (functions/api/http/http-handler.ts). Without tracing it just runs `fn`.
 */
export async function inTrace<R>(fn: () => Promise<R>): Promise<R> {
  if (!tracer.isTracingEnabled()) return fn();
  const parent = tracer.getSegment();
  const own = parent?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
  if (own) tracer.setSegment(own);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await fn();
  } catch (e) {
    // The error's name only, as in the logs: its message may carry data.
    own?.addErrorFlag();
    tracer.putAnnotation('error', (e as Error)?.name ?? 'Error');
    throw e;
  } finally {
    own?.close();
    if (parent) tracer.setSegment(parent);
  }
}
