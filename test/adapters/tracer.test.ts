import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import xray from 'aws-xray-sdk-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../api/events';
import { untracedClients } from '../../bench/source-rules';

/**
 * The Tracer (functions/adapters/tracer.ts): on Lambda every SDK client made through `traced` records each call as
 * a subsegment, and each invocation is a subsegment of its own in both handler wrappers; no trace keeps a response
 * body or an error message (they may carry personal data). Outside Lambda it is off and changes nothing. Each test
 * loads the modules afresh, because Powertools reads the environment when the Tracer is made.
 */
const PERSONAL = 'jane.doe@example.com';

async function onLambda() {
  vi.resetModules();
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
  vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
  vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_RESPONSE', 'false');
  vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_ERROR', 'false');
  const tracing = await import('../../functions/adapters/tracer');
  const { eventHandler } = await import('../../functions/adapters/event-handler');
  const { httpHandler } = await import('../../functions/api/http/http-handler');
  return { ...tracing, eventHandler, httpHandler };
}

/** Runs `fn` under a root segment, as the Lambda runtime's facade segment would be, and hands back that segment. */
async function underRoot(tracer: { setSegment(s: xray.Segment): void }, fn: () => Promise<unknown>): Promise<xray.Segment> {
  const root = new xray.Segment('invocation');
  await xray.getNamespace().runPromise(async () => {
    tracer.setSegment(root);
    await fn().catch(() => undefined);
  });
  return root;
}

beforeEach(() => {
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the Tracer', () => {
  it('outside Lambda is off: a client comes back as it was, with no X-Ray middleware', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    const { tracer, traced } = await import('../../functions/adapters/tracer');
    const client = new DynamoDBClient({ region: 'eu-west-1' });
    // Act
    const same = traced(client);
    // Assess
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(same).toBe(client);
    expect(client.middlewareStack.identify().filter((m) => /xray/i.test(m))).toEqual([]);
  });

  it('on Lambda records each SDK call of a traced client as a subsegment naming the service and the operation', async () => {
    const { tracer, traced } = await onLambda();
    // Nothing listens on port 9: the call fails at once, and the subsegment still records it.
    const client = traced(new DynamoDBClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1, credentials: { accessKeyId: 'k', secretAccessKey: 's' } }));
    // Act
    const root = await underRoot(tracer, () => client.send(new ListTablesCommand({})));
    // Assess
    expect(tracer.isTracingEnabled()).toBe(true);
    const call = root.subsegments?.find((s) => s.name === 'DynamoDB');
    expect(call, JSON.stringify(root)).toBeDefined();
    expect(JSON.stringify(call)).toContain('ListTables');
  });

  it("makes an event handler's invocation its own subsegment, its error flagged by name, never by message", async () => {
    const { tracer, eventHandler } = await onLambda();
    const failing = eventHandler(async () => {
      throw new TypeError(`no case for ${PERSONAL}`);
    });
    // Act
    const root = await underRoot(tracer, () => failing({}));
    // Assess
    const own = root.subsegments?.find((s) => s.name.startsWith('## '));
    expect(own, JSON.stringify(root)).toBeDefined();
    expect(JSON.stringify(own)).toContain('"error":"TypeError"');
    expect(JSON.stringify(root)).not.toContain(PERSONAL);
  });

  it("makes an HTTP handler's invocation its own subsegment without the response body", async () => {
    const { tracer, httpHandler } = await onLambda();
    const answering = httpHandler(async () => ({ statusCode: 200, body: JSON.stringify({ email: PERSONAL }) }));
    const event = { headers: {}, requestContext: { requestId: 'r-1', http: { method: 'GET' } }, rawPath: '/x' } as unknown as APIGatewayProxyEventV2;
    let answer: unknown;
    // Act
    const root = await underRoot(tracer, async () => (answer = await answering(event, lambdaContext)));
    // Assess
    expect(JSON.stringify(answer)).toContain(PERSONAL);
    expect(root.subsegments?.some((s) => s.name.startsWith('## ')), JSON.stringify(root)).toBe(true);
    expect(JSON.stringify(root)).not.toContain(PERSONAL);
  });
});

describe('every AWS SDK client of the functions', () => {
  it('is made through traced(), so no call goes untraced', () => {
    const root = resolve(import.meta.dirname, '../..');
    const sources = readdirSync(join(root, 'functions'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `functions/${f}`);
    // Act
    const untraced = untracedClients(sources);
    // Assess
    expect(sources.length).toBeGreaterThan(100);
    expect(untraced).toEqual([]);
  });
});
