/**
 * LOCAL ONLY: inbound email for `npm start`, the way SES receives it on AWS: the SMTP server stores each message in
 * the inbound-mail bucket of the local S3 server (as the receipt rule's S3 action does) and then invokes the
 * template's inbound-email function with an SES receipt event (as the rule's Lambda action does). The function reads
 * the raw message back through the S3 API, exactly as deployed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../functions/channels/email/route-email';
import type { SesReceiptEvent } from '../functions/channels/email/ses-receipt-event';
import type { ObjectStore } from './object-store';
import { invoke, type LoadedFunction } from './lambda-runtime';
import { startLocalS3, type LocalS3 } from './s3-server';
import { startLocalSmtp, type LocalSmtp } from './smtp-server';

export const DEFAULT_SMTP_PORT = 2525;

/** LOCAL ONLY: the messaging webhook's secrets on `npm start` (a test or a person signs deliveries with `appSecret`). */
export const LOCAL_SOCIAL_WEBHOOK = { verifyToken: 'local-verify-token-0001', appSecret: 'local-app-secret-not-for-production' } as const;

export interface LocalInboundOptions {
  /** 0 = a free port. */
  port: number;
  /** The inbound-mail bucket (the local S3 server's folder for it). */
  objects: ObjectStore;
  /** The receipt rule's object key prefix. */
  keyPrefix: string;
  /** Domains mail is accepted for (the intake address's and the reply domain); others are refused as relaying. */
  domains: readonly string[];
  /** Invokes the inbound-email function with the event SES would send. */
  invoke(event: SesReceiptEvent): Promise<unknown>;
  now?: () => number;
  log?: (line: string) => void;
}

/** The SES receipt-rule event for a stored message: no verdicts (nothing scanned locally), `mail.messageId` = the key's tail. */
export function sesReceiptEvent(envelope: Envelope, keyPrefix: string): SesReceiptEvent {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        ses: {
          mail: { messageId: envelope.rawKey.slice(keyPrefix.length), timestamp: envelope.receivedAt },
          receipt: { timestamp: envelope.receivedAt, recipients: [...envelope.recipients] },
        },
      },
    ],
  };
}

export async function startLocalInbound(options: LocalInboundOptions): Promise<LocalSmtp> {
  const log = options.log ?? (() => {});
  return startLocalSmtp({
    port: options.port,
    objects: options.objects,
    keyPrefix: options.keyPrefix,
    domains: options.domains,
    ...(options.now ? { now: options.now } : {}),
    log,
    deliver: async (envelope) => {
      const outcomes = await options.invoke(sesReceiptEvent(envelope, options.keyPrefix));
      const kinds = Array.isArray(outcomes) ? outcomes.map((o: { kind?: string; reason?: string }) => `${o.kind ?? '?'}${o.reason ? ` (${o.reason})` : ''}`) : [];
      log(`[smtp] inbound mail ${envelope.rawKey}: ${kinds.join(', ') || 'delivered'}`);
      return outcomes;
    },
  });
}

/**
 * The local stack's channels in one call: the S3 server holding every bucket the functions name
 * (`INBOUND_MAIL_BUCKET`, `FILES_BUCKET`), and, when the template has an inbound-email function (the one with
 * `INBOUND_MAIL_BUCKET`), the SMTP server for its domains that invokes it. `dataDir` undefined: a temporary folder
 * removed on stop.
 */
export async function startLocalChannels(options: {
  ports: { s3: number; smtp: number };
  dataDir: string | undefined;
  functions: ReadonlyMap<string, LoadedFunction>;
  now: () => number;
  log: (line: string) => void;
}): Promise<{ s3: LocalS3; smtp: LocalSmtp | undefined; stop(): Promise<void> }> {
  const root = options.dataDir ?? mkdtempSync(join(tmpdir(), 'redress-s3-'));
  const functions = [...options.functions.values()];
  const buckets = [...new Set(functions.flatMap((f) => [f.environment.INBOUND_MAIL_BUCKET, f.environment.RAW_MAIL_BUCKET, f.environment.FILES_BUCKET, f.environment.REPORTS_BUCKET]).filter((b): b is string => !!b))];
  const s3 = await startLocalS3({ port: options.ports.s3, root, buckets, now: options.now, log: options.log });
  const inbound = functions.find((f) => f.environment.INBOUND_MAIL_BUCKET);
  let smtp: LocalSmtp | undefined;
  if (inbound) {
    const env = inbound.environment;
    const domains = [env.REPLY_DOMAIN ?? '', ...(env.OWN_ADDRESSES ?? '').split(',').map((a) => a.split('@')[1] ?? '')].filter((d) => d.length > 0);
    const keyPrefix = env.INBOUND_MAIL_PREFIX ?? 'inbound/';
    smtp = await startLocalInbound({ port: options.ports.smtp, objects: s3.bucket(env.INBOUND_MAIL_BUCKET!), keyPrefix, domains, invoke: (event) => invoke(inbound, event), now: options.now, log: options.log });
  }
  return {
    s3,
    smtp,
    async stop() {
      await smtp?.stop();
      await s3.stop();
      if (!options.dataDir) rmSync(root, { recursive: true, force: true });
    },
  };
}
