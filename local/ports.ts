import { createServer } from 'node:net';

/** The local stack's default port per service, and the variable that overrides each (`npm start`, tests). */
export const DEFAULT_PORTS = { api: 3000, dynamodb: 8000, ses: 8005, stepfunctions: 8083, payments: 8091, s3: 4569, smtp: 2525, events: 8088 } as const;
export const PORT_ENV = { api: 'REDRESS_API_PORT', dynamodb: 'REDRESS_DYNAMODB_PORT', ses: 'REDRESS_SES_PORT', stepfunctions: 'REDRESS_SFN_PORT', payments: 'REDRESS_PAYMENTS_PORT', s3: 'REDRESS_S3_PORT', smtp: 'REDRESS_SMTP_PORT', events: 'REDRESS_EVENTS_PORT' } as const;

/** A loopback port nothing listens on right now (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
