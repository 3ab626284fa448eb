import { createServer, type Server } from 'node:net';

/** The local stack's default port per service, and the variable that overrides each (`npm start`, tests). */
export const DEFAULT_PORTS = { api: 3000, dynamodb: 8000, ses: 8005, stepfunctions: 8083, payments: 8091, s3: 4569, smtp: 2525, events: 8088 } as const;
export const PORT_ENV = { api: 'REDRESS_API_PORT', dynamodb: 'REDRESS_DYNAMODB_PORT', ses: 'REDRESS_SES_PORT', stepfunctions: 'REDRESS_SFN_PORT', payments: 'REDRESS_PAYMENTS_PORT', s3: 'REDRESS_S3_PORT', smtp: 'REDRESS_SMTP_PORT', events: 'REDRESS_EVENTS_PORT' } as const;

/**
 * `count` distinct loopback ports nothing listens on right now (the OS picks them; closed again before they are
 * returned). All are held open until the last is picked: picked one by one and closed in between, the OS may hand
 * out the same port twice, and two services of one stack would then race for it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = createServer();
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve());
      });
      held.push(srv);
    }
    return held.map((srv) => (srv.address() as { port: number }).port);
  } finally {
    await Promise.all(held.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  }
}

/** A loopback port nothing listens on right now (the OS picks it; closed again before it is returned). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * Whether a start failed because a port was taken: Node's EADDRINUSE, or DynamoDB Local's JVM failing to bind
 * (local/dynamodb.ts gives that error the same code).
 */
export function portTaken(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE' || /EADDRINUSE/.test((err as Error | undefined)?.message ?? '');
}

/**
 * A port picked free is bound a moment later (DynamoDB Local's JVM takes seconds to get there), so a process running
 * beside this one can take it in between (EADDRINUSE, seen in CI): `start` is run again, up to `attempts` times in
 * all, while it fails for that reason. `start` must pick new ports on each call.
 */
export async function retryWhilePortTaken<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (!portTaken(err) || attempt >= attempts) throw err;
    }
  }
}
