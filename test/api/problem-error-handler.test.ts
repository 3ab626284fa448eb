// The last middleware: an unexpected error answers a 500 that reveals nothing, and the log line keeps what an
// operator needs (the error's name and text). Powertools' Logger drops a field called `message` (a reserved key),
// so the text must travel under another name or it never reaches the log. A case that kept changing answers 409 and
// a dependency that does not answer 503 with Retry-After, each typed in the API's problem namespace.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemErrorHandler, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../functions/api/http/problem-error-handler';
import { problemTypes } from '../../functions/api/http/problem';
import { ConcurrentChangeError } from '../../functions/core/ports';

afterEach(() => vi.restoreAllMocks());

type Request = Parameters<NonNullable<ReturnType<typeof problemErrorHandler>['onError']>>[0];
type Response = { statusCode: number; body: string; headers: Record<string, string> };

async function answer(error: unknown): Promise<{ response: Response; logged: Record<string, unknown>[] }> {
  const lines: string[] = [];
  // The logger writes through its own console to the process's streams: both are read.
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  const request = { error, response: undefined } as unknown as Request;
  await problemErrorHandler().onError!(request);
  vi.restoreAllMocks();
  const logged = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { response: request.response as Response, logged };
}

const sdkError = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(`${name} from table redress-cases`), { name, $metadata: { httpStatusCode: 400 }, ...fields });
const cancelled = (...codes: string[]) => new TransactionCanceledException({ message: 'Transaction cancelled on redress-cases', $metadata: { httpStatusCode: 400 }, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('problemErrorHandler', () => {
  it('logs the error name and text and answers a generic problem+json 500 typed urn:redress:problem:internal-server-error', async () => {
    const { response, logged } = await answer(new RangeError('table redress-cases refused the write'));
    expect(logged.find((l) => l.message === 'unhandled error')).toMatchObject({ level: 'ERROR', error: 'RangeError', errorMessage: 'table redress-cases refused the write' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toEqual({ type: 'urn:redress:problem:internal-server-error', title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side. Please try again later.' });
    expect(response.body).not.toContain('redress-cases');
  });

  it.each([
    ['a request timeout of the SDK', Object.assign(new Error('request timed out on redress-cases'), { name: 'TimeoutError', code: 'ETIMEDOUT' })],
    ['a dropped connection', Object.assign(new Error('socket hang up redress-cases'), { code: 'ECONNRESET' })],
    ['a refused connection (DynamoDB down)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000 redress-cases'), { code: 'ECONNREFUSED' })],
    ['throttling past the SDK retries', sdkError('ProvisionedThroughputExceededException')],
    ['a service 5xx', sdkError('InternalServerError', { $metadata: { httpStatusCode: 500 } })],
    ['a modelled retryable error', sdkError('SomethingNew', { $retryable: { throttling: false } })],
    ['a single write meeting a transaction', sdkError('TransactionConflictException')],
    ['a transaction cancelled only because an item was busy', cancelled('None', 'TransactionConflict')],
    ['a timeout wrapped as the cause of another error', Object.assign(new Error('step failed on redress-cases'), { cause: Object.assign(new Error('timed out'), { name: 'TimeoutError' }) })],
  ])('%s: 503 problem+json with Retry-After, nothing disclosed, logged as an error', async (_what, error) => {
    const { response, logged } = await answer(error);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(JSON.parse(response.body)).toMatchObject({ type: problemTypes.unavailable, title: 'Service Unavailable', status: 503 });
    expect(response.body).not.toContain('redress-cases');
    expect(logged.find((l) => l.message === 'dependency unavailable')).toMatchObject({ level: 'ERROR', errorMessage: expect.stringContaining('redress-cases') });
  });

  it.each([
    ['a validation error of the SDK (our bug, not a busy service)', sdkError('ValidationException')],
    ['a transaction cancelled by a failed condition outside a guarded commit', cancelled('ConditionalCheckFailed', 'None')],
    ['a transaction cancelled for a condition and a busy item', cancelled('ConditionalCheckFailed', 'TransactionConflict')],
    ['an aborted request', Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ECONNRESET' })],
  ])('%s: still the generic 500', async (_what, error) => {
    const { response } = await answer(error);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({ type: problemTypes.internal });
  });

  it('a case that kept changing on every commit attempt: 409 problem+json, read it again; nothing disclosed', async () => {
    const { response, logged } = await answer(new ConcurrentChangeError('case 1234 changed since it was read (event 5)'));
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body)).toMatchObject({ type: problemTypes.conflict, status: 409, detail: expect.stringContaining('read it again') });
    expect(response.body).not.toContain('1234');
    expect(logged.find((l) => l.message === 'lost a race on every attempt')).toMatchObject({ level: 'WARN', error: 'ConcurrentChangeError' });
  });
});
