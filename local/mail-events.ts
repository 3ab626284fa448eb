/**
 * LOCAL ONLY: SES's "Email Sent" events. On AWS the configuration set publishes one to EventBridge for every message
 * SES accepts, and a rule hands it to the handler the template names (infra/constructs/notifications.ts). Here the
 * SES catcher tells us of each message it caught; we build the same event and invoke the same handler.
 *
 * A crash can come between the catcher keeping a message (fsync'd before SendEmail answers) and its event being
 * handled, so a position is kept: how many of the caught messages, in order, have had their event handled. At start
 * the events of the kept messages past it are handled again (the handler is idempotent), before anything is sent.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { invoke, type LoadedFunction } from './lambda-runtime';
import { LOCAL_ACCOUNT, type LocalMailEventRule } from './template';

/** What the catcher keeps of a message, as far as the event needs it. */
const CaughtEmail = z.object({
  messageId: z.string(),
  /** Unix seconds (the catcher's clock is the process clock: virtual under the local stack). */
  at: z.number().optional(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  destination: z.object({ to: z.array(z.string()).default([]) }).optional(),
});

/** SES's "Email Sent" EventBridge event for a caught message (the fields the handlers read, and the envelope). */
export function emailSentEvent(email: unknown, region: string, configurationSet: string): Record<string, unknown> | undefined {
  const parsed = CaughtEmail.safeParse(email);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const time = new Date((m.at ?? Date.now() / 1000) * 1000).toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Email Sent',
    source: 'aws.ses',
    account: LOCAL_ACCOUNT,
    time,
    region,
    resources: [],
    detail: {
      eventType: 'Send',
      mail: {
        timestamp: time,
        messageId: m.messageId,
        destination: m.destination?.to ?? [],
        headersTruncated: false,
        headers: m.headers ?? [],
        tags: { 'ses:configuration-set': [configurationSet] },
      },
      send: {},
    },
  };
}

export interface MailEvents {
  /** Handles the events of `emails` (all caught so far, in order) past the kept position; resolves when done. */
  catchUp(emails: readonly unknown[]): Promise<void>;
  /** A message just caught, the `index`-th (0-based) of all caught. */
  caught(email: unknown, index: number): void;
  /** Resolves when every event started so far has been handled. */
  settled(): Promise<void>;
}

export interface MailEventsOptions {
  rules: readonly LocalMailEventRule[];
  functions: ReadonlyMap<string, LoadedFunction>;
  region: string;
  configurationSet: string;
  /** Where the position is kept; none: from the start of what is caught in this process. */
  positionFile?: string;
  log: (line: string) => void;
}

export function startMailEvents(options: MailEventsOptions): MailEvents {
  const targets = options.rules
    .filter((r) => r.detailTypes.length === 0 || r.detailTypes.includes('Email Sent'))
    .map((r) => options.functions.get(r.functionLogicalId))
    .filter((f): f is LoadedFunction => f !== undefined);
  let position = readPosition(options.positionFile);
  const pending = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  let highest = position;

  /** The position moves over every message whose event is handled, up to the first still pending. */
  const advance = () => {
    const next = pending.size ? Math.min(...pending) : highest;
    if (next !== position) {
      position = next;
      if (options.positionFile) {
        mkdirSync(dirname(options.positionFile), { recursive: true });
        writeFileSync(options.positionFile, JSON.stringify({ handled: position }));
      }
    }
  };

  const handle = (email: unknown, index: number): Promise<void> => {
    const event = emailSentEvent(email, options.region, options.configurationSet);
    pending.add(index);
    highest = Math.max(highest, index + 1);
    const run = (async () => {
      for (const f of event ? targets : []) {
        // As EventBridge retries a failed target; a message whose event is never handled stays past the position.
        for (let attempt = 1; ; attempt++) {
          try {
            await invoke(f, event);
            break;
          } catch (err) {
            if (attempt >= 3) {
              options.log(`[local] ${f.logicalId} could not handle an "Email Sent" event: ${(err as Error).message}`);
              return;
            }
          }
        }
      }
      pending.delete(index);
      advance();
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };

  return {
    catchUp: async (emails) => {
      const from = position;
      // A few at a time: a long backlog after a crash must not open a connection per message.
      for (let i = from; i < emails.length; i += 16) await Promise.all(emails.slice(i, i + 16).map((email, j) => handle(email, i + j)));
    },
    caught: (email, index) => void handle(email, index),
    settled: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

function readPosition(file: string | undefined): number {
  if (!file) return 0;
  try {
    const parsed = z.object({ handled: z.number().int().nonnegative() }).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.handled : 0;
  } catch {
    return 0;
  }
}
