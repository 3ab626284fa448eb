// Free loopback ports for tests that start servers, or a whole stack in a child process.
import { freePort, PORT_ENV } from '../../local/ports';

export { freePort };

/** `REDRESS_*_PORT` for every service of the local stack, each a free port: a new service can never be forgotten. */
export async function freeStackPortsEnv(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of Object.values(PORT_ENV)) env[name] = String(await freePort());
  return env;
}
