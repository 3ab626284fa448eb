import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventHandler } from '../../functions/adapters/event-handler';
import { METRICS, metrics } from '../../functions/adapters/metrics';
import { httpHandler } from '../../functions/api/http/http-handler';
import { lambdaContext } from '../api/events';

/**
 * The function's one Metrics instance is flushed by both handler wrappers: what an invocation stored goes out as one
 * EMF line when it ends, answered or failed, and an invocation that counted nothing writes no metric line (and no
 * Powertools warning about it).
 */
const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  }
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const emf = () => lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>);
const count = (name: string) => metrics.addMetric(name, MetricUnit.Count, 1);

describe('the shared Metrics instance in the handler wrappers', () => {
  it('an event handler\'s stored metrics go out once at the end of its invocation, also when it fails', async () => {
    // Prepare
    const ok = eventHandler(async () => {
      count('Probe');
      count('Probe');
      expect(emf()).toEqual([]);
      return 'done';
    });
    const failing = eventHandler(async () => {
      count('Probe');
      throw new Error('boom');
    });
    // Act
    await ok({});
    await expect(failing({})).rejects.toThrow('boom');
    // Assess
    expect(emf()).toHaveLength(2);
    expect(emf()[0]).toMatchObject({ service: METRICS.service, Probe: [1, 1] });
    expect(emf()[1]).toMatchObject({ Probe: 1 });
  });

  it('an HTTP handler flushes on the way out, and an invocation that counted nothing writes nothing', async () => {
    const counting = httpHandler(async () => {
      count('Probe');
      return { statusCode: 204 };
    });
    const quiet = httpHandler(async () => ({ statusCode: 204 }));
    const event = { headers: {}, requestContext: { requestId: 'r-1' } } as unknown as APIGatewayProxyEventV2;
    await counting(event, lambdaContext as Context);
    await quiet(event, lambdaContext as Context);
    expect(emf()).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('No application metrics');
  });
});
