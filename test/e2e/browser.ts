import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

import { chromiumBinary } from '../support/executables';

/** The machine's Chromium (Debian's here): the browser tests drive the same build a person on this machine would use. */
export const CHROMIUM = chromiumBinary();

// Headless and quiet: no GPU, no QUIC, no background calls home (the machine has no network beyond npm/apt).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh profile in a temp dir (Playwright passes it as --user-data-dir).
 * Fails with one line naming the fix when Chromium is missing: a skipped browser test would hide a broken form.
 */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not found on PATH (or in $CHROMIUM): run `apt-get install chromium`, or `npm test` as root, which installs it');
  const profile = mkdtempSync(join(tmpdir(), 'redress-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1000, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Africa/Lagos',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
