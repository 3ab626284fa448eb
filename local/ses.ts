// The SES catcher (`aws-ses-v2-local`): accepts SES v1/v2 SendEmail from the real SDK and CLI and shows the
// messages in its web viewer (GET /), JSON at GET /store. The library keeps mail in memory only; with a data
// directory every caught message is also appended (and fsync'd) to <dataDir>/emails.ndjson before SendEmail
// answers, and read back at start, so the viewer and GET /store survive a restart or a crash.
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as sesModule from 'aws-ses-v2-local';
import * as z from '../functions/domain/zod';

type ServerFactory = (config?: { host?: string; port?: number }) => Promise<Server>;
// A CommonJS module with `exports.default`: under Node's ESM loader the factory sits one level deeper.
const sesServer: ServerFactory = ((sesModule as { default: unknown }).default as { default?: ServerFactory }).default
  ?? ((sesModule as { default: unknown }).default as ServerFactory);

/** The library's store module: its handlers call `saveEmail`/`clearStore` through the exports object. */
interface StoreModule {
  saveEmail(email: unknown): void;
  clearStore(): void;
  getStoreReadonly(): { emails: unknown[] };
}
const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as StoreModule;
const original = { saveEmail: store.saveEmail, clearStore: store.clearStore };

let sendFault: (() => boolean) | undefined;
/** Appends a caught message to the data directory (fsync'd) before SendEmail answers; none without one. */
let keep: ((email: unknown) => void) | undefined;
let caughtListener: ((email: unknown) => void) | undefined;
/** Empties the data directory's mail file when the store is cleared; none without one. */
let forget: (() => void) | undefined;
let clearedListener: (() => void) | undefined;

// Every caught message: kept first, then in the library's list, then told to the listener (as SES publishes its
// "Email Sent" event after accepting a message).
store.saveEmail = (email: unknown) => {
  keep?.(email);
  original.saveEmail(email);
  caughtListener?.(email);
};

// A cleared store (POST /clear-store): the kept file emptied too, then told (the "Email Sent" position restarts at 0).
store.clearStore = () => {
  original.clearStore();
  forget?.();
  clearedListener?.();
};

/** Calls `listener` whenever the catcher's store is cleared; `undefined` stops. */
export function onStoreCleared(listener: (() => void) | undefined): void {
  clearedListener = listener;
}

/** Calls `listener` with every message caught from now on (the local stack's "Email Sent" events); `undefined` stops. */
export function onCaughtEmail(listener: ((email: unknown) => void) | undefined): void {
  caughtListener = listener;
}
/**
 * Makes the catcher answer 500 to every send (any POST) for which `fault` says true, catching nothing, as an SES
 * outage would; `undefined` lifts the fault. For tests only (the fault suite).
 */
export function injectSesFault(fault: (() => boolean) | undefined): void {
  sendFault = fault;
}

/** What is kept of a message: whatever the library stored, as long as it is an object. */
const StoredEmail = z.looseObject({ messageId: z.optional(z.string()), subject: z.optional(z.string()) });

/** Every message caught so far in this process (the catcher's own list, restored ones included). */
export const caughtEmails = (): readonly unknown[] => store.getStoreReadonly().emails;

export interface SesCatcher {
  endpoint: string;
  port: number;
  /** messages read back from the data directory at start */
  restored: number;
  stop(): Promise<void>;
}

export interface SesOptions {
  /** where the caught mail is kept; none: memory only */
  dataDir?: string;
}

/** Reads back the mail file; a torn last line (never acknowledged) is dropped. */
function readMail(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  const out: unknown[] = [];
  for (const line of lines) {
    try {
      const parsed = StoredEmail.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      /* an unreadable line is skipped, not fatal: the viewer is a convenience */
    }
  }
  return out;
}

function persistTo(dataDir: string): { restored: number; detach(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'emails.ndjson');
  // The library's store is process-wide: start from exactly what the file holds.
  original.clearStore();
  const emails = readMail(file);
  store.getStoreReadonly().emails.push(...emails);
  let fd: number | undefined = openSync(file, 'a');
  keep = (email: unknown) => {
    if (fd !== undefined) {
      writeSync(fd, `${JSON.stringify(email)}\n`);
      fdatasyncSync(fd);
    }
  };
  forget = () => {
    if (fd !== undefined) {
      closeSync(fd);
      fd = openSync(file, 'w');
    }
  };
  return {
    restored: emails.length,
    detach: () => {
      keep = undefined;
      forget = undefined;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

export async function startSes(port: number, options: SesOptions = {}): Promise<SesCatcher> {
  const persistence = options.dataDir ? persistTo(options.dataDir) : undefined;
  const unhook = () => persistence?.detach();
  let server: Server;
  try {
    server = await sesServer({ host: '127.0.0.1', port });
    if (!server.listening) {
      await new Promise<void>((resolve, reject) => {
        server.once('listening', () => resolve());
        server.once('error', reject);
      });
    }
  } catch (err) {
    unhook();
    throw err;
  }
  // The fault hook answers before the library's app sees the request.
  const app = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && sendFault?.()) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'injected SES fault' }));
      return;
    }
    for (const listener of app) listener.call(server, req, res);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    port: actual,
    restored: persistence?.restored ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        unhook();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
