import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventHandler } from '../../functions/adapters/event-handler';
import { CORRELATION_HEADER, startLogContext } from '../../functions/adapters/log-context';
import { logCase, logger } from '../../functions/core/logger';
import { lambdaContext } from '../api/events';

/**
 * The handler wrappers' log context: every line an invocation writes through the one logger carries its correlation
 * id, the Lambda request, and the case it works on; nothing of the previous invocation's case stays behind.
 */
const lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines.length = 0;
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), true));
  }
});
afterEach(() => vi.restoreAllMocks());

const caseId = '0b6f3f9e-8a43-4c1e-9d57-2f7c1b2a9e10';
const apiEvent = (headers: Record<string, string>) => ({ headers, requestContext: { requestId: 'api-req-1' }, pathParameters: { id: caseId } });

describe('log context', () => {
  it('an HTTP invocation: the caller\'s correlation id, the Lambda request, the route\'s case and, once read, its number', () => {
    // Act
    startLogContext(apiEvent({ [CORRELATION_HEADER]: 'corr-42' }), lambdaContext);
    logCase({ id: caseId, caseNumber: 'PE-2026-000007' });
    logger.warn('something worth a look', { step: 'x' });
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'WARN', message: 'something worth a look', service: 'redress', correlation_id: 'corr-42', function_request_id: lambdaContext.awsRequestId, caseId, caseNumber: 'PE-2026-000007', step: 'x' });
  });

  it('without a usable correlation header, API Gateway\'s request id; a header that is not an id is not logged', () => {
    startLogContext(apiEvent({ [CORRELATION_HEADER]: 'Ada Obi <ada@example.com>\n{"level":"ERROR"}' }), lambdaContext);
    logger.info('hello', {});
    expect(lines[0]).toMatchObject({ correlation_id: 'api-req-1', caseId });
    expect(JSON.stringify(lines)).not.toContain('ada@example.com');
  });

  it('a workflow invocation: the state\'s case id and the Lambda request id; the previous case is gone; a failure logs its name only', async () => {
    // Prepare: an earlier invocation tagged another case.
    logCase({ id: 'other-case', caseNumber: 'PE-2026-000001' });
    const handler = eventHandler(async (event: { caseId: string }) => {
      logger.info('step', { ok: true });
      throw Object.assign(new Error(`case ${event.caseId} of ada@example.com`), { name: 'StepMovedOnError' });
    });
    // Act
    await expect(handler({ caseId }, lambdaContext)).rejects.toThrow('ada@example.com');
    // Assess
    expect(lines.map((l) => l.message)).toEqual(['step', 'invocation failed']);
    for (const line of lines) {
      expect(line).toMatchObject({ caseId, correlation_id: lambdaContext.awsRequestId });
      expect(line).not.toHaveProperty('caseNumber');
    }
    expect(lines[1]).toMatchObject({ level: 'ERROR', error: 'StepMovedOnError' });
    expect(JSON.stringify(lines)).not.toContain('ada@example.com');
  });

  it('a handler called without a Lambda context (tests, the local runtime\'s tools) still logs', async () => {
    await eventHandler(async () => logger.info('no context', {}))(undefined);
    expect(lines[0]).toMatchObject({ message: 'no context', service: 'redress' });
  });
});
