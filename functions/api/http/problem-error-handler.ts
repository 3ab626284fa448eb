import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../core/logger';
import { HttpProblem, problemResponse } from './problem';

/**
 * The last middleware: turns an {@link HttpProblem} into its problem+json response and anything else into a
 * generic 500 that reveals nothing (the error's message may name tables, ARNs or data). The log line carries the
 * error's name and message (the request and correlation ids come with the logger's keys), never the event (which holds personal data and tokens).
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
      logger.error('unhandled error', { error: error?.name, errorMessage: error?.message?.slice(0, 500) });
      request.response = problemResponse({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Something went wrong on our side. Please try again later.',
      });
    },
  };
}
