import type { Context } from 'aws-lambda';
import { logger } from '../core/logger';
import { startLogContext } from './log-context';
import { flushMetrics } from './metrics';
import { inTrace } from './tracer';

/**
 * The one wrapper of every handler that is not behind the HTTP API (workflow states, change streams, schedules, SES
 * and EventBridge events): the invocation's log context (functions/adapters/log-context.ts) before the handler runs,
 * one error line (its name only: a message may carry data) before the error goes back to the caller that retries it
 * (Step Functions, the event source mapping, the scheduler), and the function's stored metrics flushed on the way
 * out either way (functions/adapters/metrics.ts); with tracing on, the invocation is its own X-Ray subsegment
 * (functions/adapters/tracer.ts). The HTTP handlers have theirs in
 * functions/api/http/http-handler.ts. Not middy: these handlers take no middleware, and tests call them without a
 * Lambda context.
 */
export function eventHandler<E, R>(fn: (event: E) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    startLogContext(event, context);
    try {
      return await inTrace(() => fn(event));
    } catch (e) {
      logger.error('invocation failed', { error: (e as Error)?.name });
      throw e;
    } finally {
      flushMetrics();
    }
  };
}
