import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isDependencyUnavailable } from '../../adapters/dependency-unavailable';
import { logger } from '../../core/logger';
import { refused } from '../../core/outcomes';
import { ConcurrentChangeError } from '../../core/ports';
import { refusalProblem } from './outcome';
import { HttpProblem, internalProblem, problemResponse, problemTypes } from './problem';

/** How long a client waits before trying again after a 503: the SDK's own retries (about a second) were not enough. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The last middleware: turns an {@link HttpProblem} into its problem+json response, and any other error into one of
 * three answers that reveal nothing (the error's message may name tables, ARNs or data):
 * - a case that kept changing while a request was applied to it ({@link ConcurrentChangeError}, the commit loop's
 *   retries spent): 409, read it again; nothing was written;
 * - a service we call not answering (a timeout, throttling, a 5xx: `isDependencyUnavailable`), after the SDK's
 *   own retries: 503 with `Retry-After`;
 * - anything else: a generic 500.
 * The log line carries the error's name and message (the request and correlation ids come with the logger's keys),
 * never the event (which holds personal data and tokens).
 */
export function problemErrorHandler(): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    name: 'problemErrorHandler',
    onError: (request) => {
      const error = request.error;
      if (error instanceof HttpProblem) {
        request.response = problemResponse(error.problem, error.headers);
        return;
      }
      const logged = { error: error?.name, errorMessage: error?.message?.slice(0, 500) };
      if (error instanceof ConcurrentChangeError) {
        logger.warn('lost a race on every attempt', logged);
        const { problem, headers } = refusalProblem(refused('conflict', 'Someone else changed it at the same moment, so nothing was written; read it again and retry if the request still applies.'));
        request.response = problemResponse(problem, headers);
        return;
      }
      if (isDependencyUnavailable(error)) {
        logger.error('dependency unavailable', logged);
        request.response = problemResponse(
          { type: problemTypes.unavailable, title: 'Service Unavailable', status: 503, detail: 'A service we rely on did not answer in time. Please try again in a few seconds; read first before repeating a change, which may have been made.' },
          { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
        );
        return;
      }
      logger.error('unhandled error', logged);
      request.response = problemResponse(internalProblem());
    },
  };
}
