// Waiting in tests on real time, whatever the stacks under test do with the process clock.

/** Captured at import, before any stack installs the virtual clock: waits in a suite are on real time. */
const realSetTimeout = globalThis.setTimeout;
export const sleepReal = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/**
 * Polls `probe` on real time every `everyMs` until it returns something other than undefined, or fails after `ms`.
 * `what` may be a function, for a failure that tells what was seen until then (a child's output so far).
 */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string | (() => string), ms = 20_000, everyMs = 50): Promise<T> {
  const deadline = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}${last ? `: ${String(last)}` : ''}`);
    await sleepReal(everyMs);
  }
}
