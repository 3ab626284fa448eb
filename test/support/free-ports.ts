// Free loopback ports for tests that start servers, or a whole stack in a child process.
import { freePort, freePorts, PORT_ENV } from '../../local/ports';

export { freePort };

/** `REDRESS_*_PORT` for every service of the local stack, each a free port and no two alike: a new service can never be forgotten. */
export async function freeStackPortsEnv(): Promise<Record<string, string>> {
  const names = Object.values(PORT_ENV);
  const ports = await freePorts(names.length);
  return Object.fromEntries(names.map((name, i) => [name, String(ports[i])]));
}
