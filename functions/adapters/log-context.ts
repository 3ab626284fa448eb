import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../core/logger';

/** A caller may thread its own id through our lines with this header; otherwise API Gateway's request id is used. */
export const CORRELATION_HEADER = 'x-correlation-id';
/** A caller's id is used only when it looks like an id: it cannot smuggle personal data or a line break into a log. */
const SAFE_ID = /^[\w.:-]{1,128}$/;

/** The parts of an API Gateway or workflow event that say which request and which case an invocation serves. */
interface InvocationEvent {
  headers?: Record<string, string | undefined>;
  requestContext?: { requestId?: string };
  pathParameters?: Record<string, string | undefined>;
  caseId?: unknown;
}

const correlationIdOf = (event: InvocationEvent, context: Context | undefined): string | undefined => {
  const asked = event.headers?.[CORRELATION_HEADER];
  if (asked !== undefined && SAFE_ID.test(asked)) return asked;
  return event.requestContext?.requestId ?? context?.awsRequestId;
};

/**
 * Starts an invocation's log context: the keys of the previous invocation of this container are dropped first (so a
 * case never leaks into another's lines, even after an error), then the Lambda context, the correlation id and the
 * case id the event names (a route's `{id}`, a workflow state's `caseId`) are added. The case number joins when the
 * use case has read the case (core/logger.ts `logCase`).
 */
export function startLogContext(event: unknown, context: Context | undefined): void {
  logger.resetKeys();
  if (context?.awsRequestId) logger.addContext(context);
  const e = (event ?? {}) as InvocationEvent;
  const correlationId = correlationIdOf(e, context);
  if (correlationId) logger.setCorrelationId(correlationId);
  const caseId = e.pathParameters?.id ?? (typeof e.caseId === 'string' ? e.caseId : undefined);
  if (caseId && SAFE_ID.test(caseId)) logger.appendKeys({ caseId });
}

/** The same for the HTTP handlers' middy chain (functions/api/http/http-handler.ts). */
export const logContext = (): MiddlewareObj<unknown, unknown, Error, Context> => ({
  name: 'logContext',
  before: (request) => startLogContext(request.event, request.context),
});
