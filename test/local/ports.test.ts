import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../local/dynamodb';
import { freePorts, portTaken, retryWhilePortTaken } from '../../local/ports';
import { sleepReal } from '../support/eventually';

/**
 * Ports picked free for the local stack and DynamoDB Local: distinct within one pick, and a port taken between the
 * pick and the bind (by a test running beside) is told apart from a broken start, so the start can pick again.
 */

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** Something else listening on `port` (0: any), accepting connections and never answering, as a stuck server would. */
async function occupy(port = 0): Promise<number> {
  const srv = createServer((socket) => void sockets.push(socket));
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', () => resolve()));
  return (srv.address() as { port: number }).port;
}

describe('free ports', () => {
  it('picks as many distinct ports as asked, each free to bind', async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    for (const p of ports) expect(await occupy(p)).toBe(p);
  });

  it('a DynamoDB Local start on a port taken meanwhile fails as EADDRINUSE, though the port never answers', async () => {
    const port = await occupy();
    const failed = await startDynamoDb({ port, sleep: sleepReal }).then(
      (d) => d.stop().then(() => undefined),
      (err: unknown) => err,
    );
    expect(failed).toMatchObject({ code: 'EADDRINUSE' });
    expect((failed as Error).message).toMatch(/Address already in use/);
    expect(portTaken(failed)).toBe(true);
  });

  it('runs a start again while its port was taken, and not for any other failure', async () => {
    let calls = 0;
    const started = await retryWhilePortTaken(async () => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:1'), { code: 'EADDRINUSE' });
      return 'up';
    });
    expect({ started, calls }).toEqual({ started: 'up', calls: 3 });

    let broken = 0;
    const refused = await retryWhilePortTaken(async () => {
      broken += 1;
      throw new Error('DynamoDB Local exited (code 1) before it was ready: no output');
    }).catch((err: Error) => err.message);
    expect({ refused, broken }).toEqual({ refused: 'DynamoDB Local exited (code 1) before it was ready: no output', broken: 1 });

    let taken = 0;
    const gaveUp = await retryWhilePortTaken(async () => {
      taken += 1;
      throw Object.assign(new Error('taken'), { code: 'EADDRINUSE' });
    }).catch((err: NodeJS.ErrnoException) => err.code);
    expect({ gaveUp, taken }).toEqual({ gaveUp: 'EADDRINUSE', taken: 3 });
  });
});
