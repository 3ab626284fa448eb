/**
 * LOCAL ONLY: the SMTP server `npm start` runs in place of SES email receiving. Like an SES receipt rule it accepts
 * mail for our own domains only (never a relay), stores the raw message in the object store (as the rule's S3
 * action does) and then invokes the inbound handler with the envelope (as the rule's Lambda action does).
 *
 * It answers 250 once the message is stored, whatever the handler then decides: the stored message is the
 * record, as on AWS. No authentication and no TLS: it listens on loopback by default.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Envelope } from '../functions/channels/email/route-email';
import type { ObjectStore } from './object-store';

export interface LocalSmtpOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  objects: ObjectStore;
  /** Domains we receive mail for (the intake address's and the reply domain); any other recipient is refused. */
  domains: readonly string[];
  /** Called after the message is stored: the same handler body SES's Lambda action runs. */
  deliver(envelope: Envelope): Promise<unknown>;
  /** Key prefix for raw messages, as the receipt rule's S3 action has. */
  keyPrefix?: string;
  /** Larger messages are refused with 552; SES's receiving limit is 40 MB. */
  maxBytes?: number;
  /** Epoch ms; the local stack passes its virtual clock. */
  now?: () => number;
  log?: (line: string) => void;
}

export interface LocalSmtp {
  port: number;
  url: string;
  /** Deliveries still running (tests await them). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

class SmtpReply extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

export async function startLocalSmtp(options: LocalSmtpOptions): Promise<LocalSmtp> {
  const domains = new Set(options.domains.map((d) => d.toLowerCase()));
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const keyPrefix = options.keyPrefix ?? 'inbound/';
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const inFlight = new Set<Promise<unknown>>();

  const server = new SMTPServer({
    name: 'redress-local-smtp',
    banner: 'Redress local SMTP (LOCAL ONLY: stands in for SES email receiving)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const domain = address.address.split('@')[1]?.toLowerCase() ?? '';
      if (domains.has(domain)) callback();
      else callback(new SmtpReply(`5.7.1 relaying to ${domain || 'that address'} is not allowed`, 550));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(new SmtpReply(`5.3.4 message exceeds ${maxBytes} bytes`, 552));
          return;
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        // The final MTA records the envelope sender as Return-Path (RFC 5321 §4.4); bounces carry the null path.
        const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), ...chunks]);
        const envelope: Envelope = {
          recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          receivedAt: new Date(now()).toISOString(),
          rawKey: `${keyPrefix}${randomUUID()}`,
        };
        options.objects.put(envelope.rawKey, raw).then(
          () => {
            callback();
            const delivery = options
              .deliver(envelope)
              .catch((error: unknown) => log(`inbound mail ${envelope.rawKey}: handler failed: ${error instanceof Error ? error.message : String(error)}`))
              .finally(() => inFlight.delete(delivery));
            inFlight.add(delivery);
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: Error) => log(`local SMTP: ${error.message}`));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  log(`local SMTP on smtp://127.0.0.1:${port} for ${[...domains].join(', ')}`);

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
