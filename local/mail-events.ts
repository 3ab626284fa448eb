/**
 * LOCAL ONLY: SES's "Email Sent" events. On AWS the configuration set publishes one to EventBridge for every message
 * SES accepts, and a rule hands it to the handler the template names (infra/constructs/notifications.ts). Here the
 * SES catcher tells us of each message it caught; we build the same event and invoke the same handler.
 *
 * A crash can come between the catcher keeping a message (fsync'd before SendEmail answers) and its event being
 * handled, so a position is kept: how many of the caught messages, in order, have had their event handled, and the
 * message id of the last of them. At start the events of the kept messages past it are handled again (the handler
 * is idempotent), before anything is sent. The catcher's store can be cleared (`POST /clear-store`, the viewer's
 * button): the position then starts again from 0, and a position whose last message is no longer where it says
 * (cleared while stopped, or the file replaced) is found again by that message's id, or, when the message is gone,
 * starts from 0 too: handling an event twice is harmless, skipping one would let the sweep send its mail again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as z from '../functions/domain/zod';
import { invoke, type LoadedFunction } from './lambda-runtime';
import { LOCAL_ACCOUNT, type LocalMailEventRule } from './template';

/** Retries after a failed invocation (the rule's `retryAttempts` on AWS) and the first wait; each wait doubles (1 s … 128 s). */
const EVENT_RETRY = { attempts: 8, firstMs: 1_000 };

/** What the catcher keeps of a message, as far as the event needs it. */
const CaughtEmail = z.object({
  messageId: z.string(),
  /** Unix seconds (the catcher's clock is the process clock: virtual under the local stack). */
  at: z.optional(z.number()),
  headers: z.optional(z.array(z.object({ name: z.string(), value: z.string() }))),
  destination: z.optional(z.object({ to: z._default(z.array(z.string()), []) })),
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
  /** The catcher's store was cleared: the next message caught is the 0-th again. */
  cleared(): void;
}

export interface MailEventsOptions {
  rules: readonly LocalMailEventRule[];
  functions: ReadonlyMap<string, LoadedFunction>;
  region: string;
  configurationSet: string;
  /** Where the position is kept; none: from the start of what is caught in this process. */
  positionFile?: string;
  /** How a failed invocation is retried (default: as the rule on AWS, 8 retries from 1 s, doubling). */
  retry?: { attempts: number; firstMs: number };
  log: (line: string) => void;
}

export function startMailEvents(options: MailEventsOptions): MailEvents {
  const targets = options.rules
    .filter((r) => r.detailTypes.length === 0 || r.detailTypes.includes('Email Sent'))
    .map((r) => options.functions.get(r.functionLogicalId))
    .filter((f): f is LoadedFunction => f !== undefined);
  const retry = options.retry ?? EVENT_RETRY;
  const kept = readPosition(options.positionFile);
  let position = kept.handled;
  let lastId = kept.last;
  const pending = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  let highest = position;
  /** Message ids by index, from the position's last message on (what the position file names). */
  const ids = new Map<number, string>();
  /** Bumped by a clear: events started before it no longer move the position. */
  let generation = 0;

  const save = () => {
    if (!options.positionFile) return;
    mkdirSync(dirname(options.positionFile), { recursive: true });
    writeFileSync(options.positionFile, JSON.stringify({ handled: position, ...(position > 0 && lastId ? { last: lastId } : {}) }));
  };

  /** The position moves over every message whose event is handled, up to the first still pending. */
  const advance = () => {
    const next = pending.size ? Math.min(...pending) : highest;
    if (next !== position) {
      position = next;
      lastId = ids.get(position - 1);
      for (const i of ids.keys()) if (i < position - 1) ids.delete(i);
      save();
    }
  };

  /** Where to resume in `emails`: the kept position if its last message is still there, else found by id, else 0. */
  const resume = (emails: readonly unknown[]): number => {
    if (position === 0 || lastId === undefined) return position;
    const idAt = (i: number) => CaughtEmail.safeParse(emails[i]).data?.messageId;
    if (idAt(position - 1) === lastId) return position;
    let found = -1;
    for (let i = emails.length - 1; i >= 0 && found < 0; i--) if (idAt(i) === lastId) found = i;
    options.log(`[local] "Email Sent" position ${position} no longer matches the kept mail; resuming from ${found + 1}`);
    position = highest = found + 1;
    save();
    return position;
  };

  const handle = (email: unknown, index: number): Promise<void> => {
    const event = emailSentEvent(email, options.region, options.configurationSet);
    const messageId = CaughtEmail.safeParse(email).data?.messageId;
    if (messageId) ids.set(index, messageId);
    const started = generation;
    pending.add(index);
    highest = Math.max(highest, index + 1);
    const run = (async () => {
      for (const f of event ? targets : []) {
        // As EventBridge retries a failed target: with exponential backoff, up to the rule's retry attempts
        // (infra/constructs/notifications.ts), so a handler whose table is down for a while still marks the message
        // before its sender's lease runs out and the sweep would send it again. A message whose event is never
        // handled stays past the position.
        for (let attempt = 1; ; attempt++) {
          try {
            await invoke(f, event);
            break;
          } catch (err) {
            if (attempt > retry.attempts) {
              options.log(`[local] ${f.logicalId} could not handle an "Email Sent" event: ${(err as Error).message}`);
              return;
            }
            await new Promise((resolve) => setTimeout(resolve, retry.firstMs * 2 ** (attempt - 1)));
          }
        }
      }
      if (started !== generation) return;
      pending.delete(index);
      advance();
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };

  return {
    catchUp: async (emails) => {
      const from = resume(emails);
      // A few at a time: a long backlog after a crash must not open a connection per message.
      for (let i = from; i < emails.length; i += 16) await Promise.all(emails.slice(i, i + 16).map((email, j) => handle(email, i + j)));
    },
    caught: (email, index) => void handle(email, index),
    settled: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    cleared: () => {
      generation++;
      pending.clear();
      ids.clear();
      position = highest = 0;
      lastId = undefined;
      save();
    },
  };
}

function readPosition(file: string | undefined): { handled: number; last?: string } {
  if (!file) return { handled: 0 };
  try {
    const parsed = z.object({ handled: z.number().check(z.int(), z.nonnegative()), last: z.optional(z.string()) }).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { handled: 0 };
  } catch {
    return { handled: 0 };
  }
}
