// Free loopback ports for tests that start servers, or a whole stack in a child process.
import { createServer } from 'node:net';
import { PORT_ENV } from '../../local/ports';

/** A port nothing listens on right now (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** `REDRESS_*_PORT` for every service of the local stack, each a free port: a new service can never be forgotten. */
export async function freeStackPortsEnv(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of Object.values(PORT_ENV)) env[name] = String(await freePort());
  return env;
}
