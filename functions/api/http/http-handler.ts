import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logContext } from '../../adapters/log-context';
import { metricsFlush } from '../../adapters/metrics';
import { tracer } from '../../adapters/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { jsonBody, type JsonEvent } from './json-body';
import { problemErrorHandler } from './problem-error-handler';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The one wrapper every HTTP handler uses: the invocation's log context (correlation id, Lambda context, the route's
 * case id; functions/adapters/log-context.ts), header names normalized, the problem+json error handler (registered
 * first, so it sees every error on the way out, including the body parser's), the function's stored metrics flushed
 * on the way out (functions/adapters/metrics.ts), the invocation traced as its own X-Ray subsegment without its
 * response (functions/adapters/tracer.ts), and for routes with a body the JSON parser with its 415/413/400
 * answers.
 */
/** Powertools' handler subsegment; the response body stays out of the trace (it may carry personal data). */
const traceInvocation = () => captureLambdaHandler(tracer, { captureResponse: false });

export function httpHandler(fn: (event: APIGatewayProxyEventV2) => Promise<Result>) {
  return middy<APIGatewayProxyEventV2, Result>().use(problemErrorHandler()).use(traceInvocation()).use(logContext()).use(metricsFlush()).use(httpHeaderNormalizer()).handler(fn);
}

export function jsonHandler(fn: (event: JsonEvent) => Promise<Result>) {
  return middy<JsonEvent, Result>().use(problemErrorHandler()).use(traceInvocation()).use(logContext()).use(metricsFlush()).use(httpHeaderNormalizer()).use(jsonBody()).handler(fn);
}
