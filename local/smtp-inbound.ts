/**
 * LOCAL ONLY: inbound email for `npm start` in one call: the folder object store (`<dataDir>/objects`) and the
 * SMTP server that stores each message there and runs the inbound handler's body (`receiveEmail`) on it, with the
 * same ports the SES-invoked Lambda gets on AWS.
 */
import { join } from 'node:path';
import type { CaseDirectory, EmailRoutingConfig } from '../functions/channels/email/route-email';
import { receiveEmail } from '../functions/channels/email/receive-email';
import type { InboundMessages } from '../functions/channels/inbound-outcome';
import { folderObjectStore, type ObjectStore } from './object-store';
import { startLocalSmtp, type LocalSmtp } from './smtp-server';

export const DEFAULT_SMTP_PORT = 2525;

export interface LocalInboundOptions {
  /** The stack's data folder; raw mail goes to `<dataDir>/objects/inbound/`. */
  dataDir: string;
  /** 0 = a free port; default env REDRESS_SMTP_PORT, else 2525. */
  port?: number;
  /** Routing configuration (reply domain, signing secrets, our own addresses): `readInboundEmailConfig(...).routing`. */
  config: EmailRoutingConfig;
  /** Domains mail is accepted for besides the reply domain (the intake address's). */
  intakeDomains: readonly string[];
  cases: CaseDirectory;
  inbound: InboundMessages;
  now?: () => number;
  log?: (line: string) => void;
}

export interface LocalInbound {
  smtp: LocalSmtp;
  objects: ObjectStore;
  stop(): Promise<void>;
}

export async function startLocalInbound(options: LocalInboundOptions): Promise<LocalInbound> {
  const objects = folderObjectStore(join(options.dataDir, 'objects'));
  const envPort = process.env.REDRESS_SMTP_PORT ? Number(process.env.REDRESS_SMTP_PORT) : undefined;
  const log = options.log ?? (() => {});
  const smtp = await startLocalSmtp({
    port: options.port ?? envPort ?? DEFAULT_SMTP_PORT,
    objects,
    domains: [...options.intakeDomains, options.config.signing.domain],
    ...(options.now ? { now: options.now } : {}),
    log,
    deliver: async (envelope) => {
      const outcome = await receiveEmail(envelope, { raw: objects, cases: options.cases, inbound: options.inbound, config: options.config });
      log(`inbound mail ${envelope.rawKey}: ${outcome.kind}${'reason' in outcome ? ` (${outcome.reason})` : ''}`);
      return outcome;
    },
  });
  return { smtp, objects, stop: () => smtp.stop() };
}
