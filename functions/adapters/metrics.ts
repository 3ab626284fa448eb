import type { MiddlewareObj } from '@middy/core';
import { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from '../domain/zod';
import { readConfig } from './config';

/**
 * The one Metrics instance (Powertools, CloudWatch embedded metric format) of a function, shared by everything that
 * counts in it and flushed once per invocation by the handler wrappers (functions/adapters/event-handler.ts,
 * functions/api/http/http-handler.ts). Namespace `Redress`, default dimensions `service=redress` and `stage` (set on
 * every function by infra/constructs/functions.ts; outside Lambda, `local`). The alarms in
 * infra/constructs/observability.ts watch these names and dimensions.
 */
export const METRICS = { namespace: 'Redress', service: 'redress' } as const;

const { STAGE } = readConfig({ STAGE: z._default(z.string().check(z.minLength(1)), 'local') });

export const metrics = new Metrics({ namespace: METRICS.namespace, serviceName: METRICS.service, defaultDimensions: { stage: STAGE } });

/**
 * Writes what the invocation stored as one EMF line. Not Powertools' `logMetrics` middleware: it warns "No
 * application metrics to publish" on every invocation that counted nothing, which is most of them here (the
 * operational counts go out as single metrics the moment they are known, functions/analytics/operational-metrics.ts).
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  else {
    metrics.clearDimensions();
    metrics.clearMetadata();
  }
}

/** The flush for the HTTP handlers' middy chain, on the way out whether the handler answered or threw. */
export const metricsFlush = (): MiddlewareObj<unknown, unknown, Error> => ({ name: 'metricsFlush', after: flushMetrics, onError: flushMetrics });
