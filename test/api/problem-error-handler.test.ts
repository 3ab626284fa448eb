// The last middleware: an unexpected error answers a 500 that reveals nothing, and the log line keeps what an
// operator needs (the error's name and text). Powertools' Logger drops a field called `message` (a reserved key),
// so the text must travel under another name or it never reaches the log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemErrorHandler } from '../../functions/api/http/problem-error-handler';

afterEach(() => vi.restoreAllMocks());

describe('problemErrorHandler', () => {
  it('logs the error name and text and answers a generic problem+json 500', async () => {
    const lines: string[] = [];
    // The logger writes through its own console to the process's streams: both are read.
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const request = { error: new RangeError('table redress-cases refused the write'), response: undefined } as unknown as Parameters<NonNullable<ReturnType<typeof problemErrorHandler>['onError']>>[0];
    await problemErrorHandler().onError!(request);
    const line = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === 'unhandled error');
    expect(line).toMatchObject({ level: 'ERROR', error: 'RangeError', errorMessage: 'table redress-cases refused the write' });
    const response = request.response as { statusCode: number; body: string; headers: Record<string, string> };
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).not.toContain('redress-cases');
  });
});
