import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';
import { eventually } from '../support/eventually';
import { launchChromium, type Browser } from './browser';

/**
 * What every browser test needs: real Chromium and a real local stack for the file's tests, and the few calls each
 * test makes against that stack (the public API, local staff tokens, the SES catcher's mail). One place, so a change
 * to the local sign-in or to the catcher's store is made once.
 */

/** A bound on waiting for the stack on a busy 2-core machine, not a timing assertion. */
export const settle = { timeout: 30_000 };
export const MOBILE = { width: 390, height: 844 };

/** Screenshots for a person to look at (gitignored); they are not assertions. */
const shots = join(import.meta.dirname, 'output');

export interface CaughtEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export interface Created {
  id: string;
  caseNumber: string;
  accessToken: string;
}

export const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Polls on real time for up to 30 s: the stacks under test may move the process clock. */
export const waitFor = <T>(what: string, probe: () => Promise<T | undefined>) => eventually(probe, what, settle.timeout, 100);

/** Pages record what they requested and any script error, so a test can assert that none leaked or failed. */
export function watch(page: Page) {
  const seen = { urls: [] as string[], errors: [] as string[] };
  page.on('request', (r) => seen.urls.push(r.url()));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}

/** Starts Chromium and the local stack before the file's tests and stops both after them. */
export function browserSession(options: Partial<LocalStackOptions> = {}) {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium(); // first: a missing Chromium fails with its one-line fix before the stack starts
    stack = await startLocalStack({ ports: 0, inMemory: true, log: () => {}, ...options });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const session = {
    get stack(): LocalStack {
      if (!stack) throw new Error('the local stack is not started (use the session inside a test)');
      return stack;
    },
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not started (use the session inside a test)');
      return browser;
    },
    api: (path: string, init: RequestInit = {}) => fetch(new URL(path, session.stack.urls.api), init),
    web: (path: string) => new URL(path, session.stack.urls.web).toString(),

    /** A token from the local identity provider for a staff member of `role`. */
    async staffToken(role: string, sub = `${role}-e2e`): Promise<string> {
      const res = await session.api('/_local/dev-token', post({ sub, groups: [role] }));
      expect(res.status).toBe(200);
      return ((await res.json()) as { token: string }).token;
    },

    /** A staff call as `role`: GET without a body, POST with one. */
    async staffRequest(role: string, path: string, body?: unknown, sub?: string) {
      const auth = { authorization: `Bearer ${await session.staffToken(role, sub)}` };
      const res = await session.api(path, body === undefined ? { headers: auth } : post(body, auth));
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> & { detail?: string; status?: string } };
    },

    staffAct: (role: string, id: string, body: unknown, sub?: string) => session.staffRequest(role, `/staff/complaints/${id}/actions`, body, sub),

    async caughtMail(): Promise<CaughtEmail[]> {
      return ((await (await fetch(session.stack.urls.sesStore)).json()) as { emails: CaughtEmail[] }).emails;
    },

    /** The one email to `to` whose subject matches, once the SES catcher has it. */
    mailTo: (to: string, subject: RegExp = /./) =>
      waitFor(`the email "${subject.source}" to ${to}`, async () => (await session.caughtMail()).find((e) => e.destination.to.includes(to) && subject.test(e.subject))),

    /** A promptearn commission dispute through the public API, from a fresh customer address. */
    async fileComplaint(subject: string): Promise<Created & { email: string }> {
      const email = `c-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
      const res = await session.api(
        '/complaints',
        post(
          {
            customer: { name: 'Ada Obi', email },
            category: 'commission_dispute',
            subject,
            description: 'My prospect bought the course but my dashboard shows nothing.',
            details: { prospectName: 'Bola Ade', prospectEmail: 'bola@example.com', saleDate: '2026-11-20' },
          },
          { 'idempotency-key': crypto.randomUUID() },
        ),
      );
      expect(res.status).toBe(201);
      return { ...((await res.json()) as Created), email };
    },

    /** Waits until the workflow has acknowledged the case, as staff see it. */
    acknowledged: (id: string) =>
      waitFor('the acknowledgment', async () => ((await session.staffRequest('supervisor', `/staff/complaints/${id}`, undefined, 'sup-e2e')).body.status === 'acknowledged' ? true : undefined)),

    /** Opens the customer's case page from an email's link and waits until the case shows. */
    async openCasePage(link: string, viewport?: { width: number; height: number }) {
      const page = await session.browser.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      const seen = watch(page);
      await page.goto(link);
      await page.locator('#case').waitFor({ state: 'visible', ...settle });
      return { page, seen };
    },

    /** A new page already signed in to the console as `role` (the session the console keeps), for pages other than the sign-in. */
    async signedInPage(role: string, sub?: string): Promise<Page> {
      const token = await session.staffToken(role, sub);
      const page = await session.browser.context.newPage();
      await page.addInitScript((t) => sessionStorage.setItem('redress.console.session', t), token);
      return page;
    },

    /** Signs in to the staff console through the local identity provider's role picker (marked LOCAL ONLY). */
    async signInToConsole(page: Page, role: string, sub: string) {
      await page.goto(session.web('/console/'));
      await page.locator('#local-login').waitFor({ state: 'visible', ...settle });
      expect(await page.locator('.local-banner').textContent()).toContain('LOCAL ONLY');
      await page.locator('#local-role').selectOption(role);
      await page.locator('#local-sub').fill(sub);
      await page.locator('#local-login button[type="submit"]').click();
      await page.locator('#queue-view').waitFor({ state: 'visible', ...settle });
    },

    async shot(page: Page, name: string) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    },

    /** A link an email carries points at PUBLIC_BASE_URL; the test's stack listens elsewhere: keep path, query and fragment. */
    onThisStack(href: string): string {
      const url = new URL(href);
      return session.web(url.pathname + url.search + url.hash);
    },
  };
  return session;
}

export type BrowserSession = ReturnType<typeof browserSession>;
