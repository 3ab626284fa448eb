// The SES catcher (`aws-ses-v2-local`): accepts SES v1/v2 SendEmail from the real SDK and CLI, keeps the
// messages in memory and shows them in its web viewer (GET /), JSON at GET /store.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesModule from 'aws-ses-v2-local';

type ServerFactory = (config?: { host?: string; port?: number }) => Promise<Server>;
// A CommonJS module with `exports.default`: under Node's ESM loader the factory sits one level deeper.
const sesServer: ServerFactory = ((sesModule as { default: unknown }).default as { default?: ServerFactory }).default
  ?? ((sesModule as { default: unknown }).default as ServerFactory);

export interface SesCatcher {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startSes(port: number): Promise<SesCatcher> {
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
